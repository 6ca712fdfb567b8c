/* hd_mapfile.h: mapping a compiled image (dictionary model, gazetteer) read-only into memory,
 * releasing it whether it was mapped or read into a malloc'ed buffer, and the checksum both
 * kinds of image carry so that a corrupt or truncated file is refused before it is used. */
#ifndef HD_MAPFILE_H
#define HD_MAPFILE_H

#include <stddef.h>
#include <stdint.h>

/* Maps a regular, non-empty file read-only; NULL with "path: reason" in err. */
void *hd_map_file(const char *path, size_t *size, char *err, size_t errlen);
/* munmap() when `mapped`, free() otherwise. */
void hd_release_image(void *data, size_t size, int mapped);

/* Checksum of an image whose own checksum is stored in the 8 bytes at `field` (which must be
 * a multiple of 8 and lie within the image): those bytes are read as zero. Any change confined
 * to one aligned 8-byte word, so every single-byte change, always changes the result. */
uint64_t hd_image_checksum(const void *data, size_t size, size_t field);

/* The fixed header of an image or of a part of one, copied into `header` (`size` bytes): the
 * data must be 8-byte aligned (it is read in place), hold the header and start with the 8-byte
 * `magic`. 0, or -1 with "what: reason" in err. */
int hd_image_header(const void *data, size_t size, const char *magic, void *header, size_t header_size,
                    const char *what, char *err, size_t errlen);

/* What a loader says when the checksum does not match. */
#define HD_CHECKSUM_MISMATCH "checksum mismatch (corrupt or truncated image); rebuild it with make"

#endif
