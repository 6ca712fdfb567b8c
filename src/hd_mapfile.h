/* hd_mapfile.h: mapping a compiled image (dictionary model, gazetteer) read-only into memory,
 * and releasing it whether it was mapped or read into a malloc'ed buffer. */
#ifndef HD_MAPFILE_H
#define HD_MAPFILE_H

#include <stddef.h>

/* Maps a regular, non-empty file read-only; NULL with "path: reason" in err. */
void *hd_map_file(const char *path, size_t *size, char *err, size_t errlen);
/* munmap() when `mapped`, free() otherwise. */
void hd_release_image(void *data, size_t size, int mapped);

#endif
