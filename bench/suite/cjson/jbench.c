/* cJSON benchmark driver (bench/suite/suite.py): builds a document of argv[1] records (numbers,
 * strings, nested arrays and objects), prints it, parses the text back, sorts every object's
 * keys (cJSON_Utils), prints it again and walks it; prints sizes, sums and a hash of the text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cJSON.h"
#include "cJSON_Utils.h"

static unsigned long hash(const char *s)
{
    unsigned long h = 5381;
    while (*s) h = h * 33 + (unsigned char)*s++;
    return h & 0xffffffffUL;
}

static double walk(const cJSON *j, unsigned *count)
{
    double sum = 0;
    ++*count;
    if (cJSON_IsNumber(j)) return j->valuedouble;
    if (cJSON_IsString(j)) return (double)strlen(j->valuestring);
    for (const cJSON *c = j->child; c; c = c->next) sum += walk(c, count);
    return sum;
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 100;
    static const char *words[] = {"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"};
    unsigned lcg = 7;
    cJSON *root = cJSON_CreateObject(), *recs = cJSON_AddArrayToObject(root, "records");
    for (int i = 0; i < n; i++) {
        cJSON *r = cJSON_CreateObject();
        lcg = lcg * 1103515245u + 12345u;
        cJSON_AddNumberToObject(r, "zid", i);
        cJSON_AddStringToObject(r, "name", words[(lcg >> 16) & 7]);
        /* numbers that print exactly in 15 significant digits: for the others cJSON asks for
         * %1.17g, where picolibc's printf stops at 16 digits and glibc's prints 17 */
        cJSON_AddNumberToObject(r, "score", (double)((lcg >> 8) & 0xffff) / 64.0 - 100.0);
        cJSON_AddNumberToObject(r, "ratio", (i % 97) / 1024.0);
        cJSON_AddBoolToObject(r, "flag", (lcg >> 20) & 1);
        cJSON *tags = cJSON_AddArrayToObject(r, "tags");
        for (int k = 0; k < 1 + i % 5; k++) cJSON_AddItemToArray(tags, cJSON_CreateString(words[(i + k) & 7]));
        cJSON *pos = cJSON_AddObjectToObject(r, "pos");
        cJSON_AddNumberToObject(pos, "y", (i * 37 % 1000) * 0.125);
        cJSON_AddNumberToObject(pos, "x", (i * 91 % 1000) * 0.5e-3);
        cJSON_AddItemToArray(recs, r);
    }
    char *text = cJSON_Print(root);
    printf("printed %lu bytes, hash %08lx\n", (unsigned long)strlen(text), hash(text));
    cJSON *back = cJSON_Parse(text);
    if (!back) {
        printf("parse FAILED\n");
        return 1;
    }
    cJSONUtils_SortObject(back);
    for (cJSON *r = cJSON_GetObjectItem(back, "records")->child; r; r = r->next) cJSONUtils_SortObject(r);
    char *sorted = cJSON_PrintUnformatted(back);
    printf("sorted %lu bytes, hash %08lx\n", (unsigned long)strlen(sorted), hash(sorted));
    unsigned count = 0;
    double sum = walk(back, &count);
    printf("walk: %u items, sum %.6f\n", count, sum);
    printf("equal after sort: %s\n", cJSON_Compare(root, back, 0) ? "yes" : "no");
    free(text);
    free(sorted);
    cJSON_Delete(root);
    cJSON_Delete(back);
    return 0;
}
