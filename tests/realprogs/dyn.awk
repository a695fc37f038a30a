# Word frequencies, lengths and a little floating point (tests/realprogs/dyn-cases.txt).
function cap(w) { return toupper(substr(w, 1, 1)) substr(w, 2) }
{
    for (i = 1; i <= NF; i++) {
        w = tolower($i); gsub(/[^a-z]/, "", w)
        if (w == "") continue
        n[w]++; total++; len += length(w)
    }
}
END {
    m = asorti(n, k)
    for (i = 1; i <= m; i++) printf "%-10s %3d %s\n", k[i], n[k[i]], cap(k[i])
    printf "words %d, distinct %d, mean length %.4f, sqrt %.6f, exp %.6e\n", total, m, len / total, sqrt(total), exp(m / 10)
}
