/* Heuristic "none": no marks. The pass skips blocks without building regions when it is chosen
 * (translator/xl_pass_fuse.c), so this is never called there; it exists to fill the table. */
#include "fuse.h"

void fuse_none(struct fuse_region *r) { (void)r; }
