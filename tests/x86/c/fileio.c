/* File I/O through system calls and stdio: create, write, reread, lseek, stat/fstat, append,
 * ftruncate, rename, unlink, and errors (ENOENT). Runs in a scratch directory made by the runner. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int main(void)
{
    const char *name = "morph-fileio.tmp";
    int fd = open(name, O_CREAT | O_TRUNC | O_RDWR, 0644);
    if (fd < 0) { perror("open"); return 1; }
    char buf[4096];
    for (int i = 0; i < (int)sizeof buf; i++) buf[i] = (char)('a' + i % 26);
    ssize_t w = write(fd, buf, sizeof buf);
    w += write(fd, "TAIL\n", 5);
    printf("wrote %zd\n", w);
    off_t end = lseek(fd, 0, SEEK_CUR);
    off_t pos = lseek(fd, 100, SEEK_SET);
    char rd[16] = {0};
    ssize_t r = read(fd, rd, 10);
    printf("cur %ld seek %ld read %zd [%s]\n", (long)end, (long)pos, r, rd);
    pos = lseek(fd, -5, SEEK_END);
    r = read(fd, rd, sizeof rd - 1);
    rd[r] = 0;
    printf("from end %ld read %zd [%.*s]\n", (long)pos, r, (int)r - 1, rd);
    struct stat st;
    if (fstat(fd, &st) != 0) { perror("fstat"); return 1; }
    printf("fstat size %lld reg %d mode %o\n", (long long)st.st_size, S_ISREG(st.st_mode),
           st.st_mode & 0777);
    if (ftruncate(fd, 1000) != 0) perror("ftruncate");
    close(fd);
    if (stat(name, &st) != 0) { perror("stat"); return 1; }
    printf("stat size %lld blocks>0 %d nlink %ld\n", (long long)st.st_size, st.st_blocks > 0,
           (long)st.st_nlink);
    FILE *f = fopen(name, "a+");
    fprintf(f, "appended line %d\n", 42);
    fseek(f, 0, SEEK_SET);
    int c, count = 0, lines = 0;
    while ((c = fgetc(f)) != EOF) { count++; lines += c == '\n'; }
    printf("stdio count %d lines %d\n", count, lines);
    fclose(f);
    if (rename(name, "morph-fileio.2") != 0) perror("rename");
    errno = 0;
    printf("old name open: %d errno ENOENT %d\n", open(name, O_RDONLY), errno == ENOENT);
    printf("unlink %d\n", unlink("morph-fileio.2"));
    printf("dir is dir %d\n", stat(".", &st) == 0 && S_ISDIR(st.st_mode));
    return 0;
}
