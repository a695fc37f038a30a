-- 10,000 rows, a join and aggregates (tests/realprogs/dyn-cases.txt)
CREATE TABLE item(id INTEGER PRIMARY KEY, grp INTEGER, val REAL, name TEXT);
WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 10000)
INSERT INTO item SELECT i, i % 17, (i * 37 % 1000) / 7.0, 'n' || (i * 7919 % 10007) FROM c;
CREATE TABLE grp(id INTEGER PRIMARY KEY, label TEXT);
WITH RECURSIVE c(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM c WHERE i < 16)
INSERT INTO grp SELECT i, 'group-' || i FROM c;
CREATE INDEX item_grp ON item(grp);
SELECT count(*), sum(val), round(avg(val), 6), min(name), max(name) FROM item;
SELECT g.label, count(*), round(sum(i.val), 3), max(i.id) FROM item i JOIN grp g ON g.id = i.grp
  GROUP BY g.label ORDER BY g.label LIMIT 20;
SELECT name, val FROM item WHERE val > 140 ORDER BY val DESC, name LIMIT 5;
SELECT grp, group_concat(id, ',') FROM (SELECT * FROM item WHERE id % 1000 = 0) GROUP BY grp;
