/* hd_mapfile.c: the one place images are mapped from files and checksummed (see hd_mapfile.h). */
#include "base/hd_mapfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

void *hd_map_file(const char *path, size_t *size, char *err, size_t errlen)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (err && errlen)
            snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0) {
        if (err && errlen)
            snprintf(err, errlen, "%s: not a regular, non-empty file", path);
        close(fd);
        return NULL;
    }
    void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (p == MAP_FAILED) {
        if (err && errlen)
            snprintf(err, errlen, "%s: mmap: %s", path, strerror(errno));
        return NULL;
    }
    *size = (size_t)st.st_size;
    return p;
}

void hd_release_image(void *data, size_t size, int mapped)
{
    if (mapped)
        munmap(data, size);
    else
        free(data);
}

/* Each 8-byte word w goes through h = rotl(h ^ w, 29) * K. For a fixed w that step is a
 * bijection of h (xor, rotation and multiplication by an odd number are), so two images that
 * differ in one word end in different states; the rotation carries high bits into low ones so
 * that changes in several words do not cancel easily. Four independent lanes let the
 * multiplications overlap: the whole 6 MB dictionary image takes about a millisecond. */
#define CHECKSUM_K 0x9E3779B97F4A7C15ull

static inline uint64_t checksum_step(uint64_t h, uint64_t w)
{
    h ^= w;
    h = (h << 29) | (h >> 35);
    return h * CHECKSUM_K;
}

uint64_t hd_image_checksum(const void *data, size_t size, size_t field)
{
    const unsigned char *p = data;
    uint64_t lane[4] = {1, 2, 3, 4};
    size_t words = size / 8, skip = field / 8;
    for (size_t i = 0; i < words; i++) {
        uint64_t w;
        memcpy(&w, p + i * 8, 8);
        if (i == skip)
            w = 0;
        lane[i & 3] = checksum_step(lane[i & 3], w);
    }
    uint64_t tail = 0;
    memcpy(&tail, p + words * 8, size % 8); /* the bytes past the last whole word, zero-padded */
    lane[words & 3] = checksum_step(lane[words & 3], tail);
    uint64_t h = checksum_step(lane[0], lane[1]);
    h = checksum_step(h, lane[2]);
    h = checksum_step(h, lane[3]);
    h = checksum_step(h, (uint64_t)size);
    return h ^ (h >> 32);
}

int hd_image_header(const void *data, size_t size, const char *magic, void *header, size_t header_size,
                    const char *what, char *err, size_t errlen)
{
    const char *why = size < header_size ? "shorter than its header"
                      : ((uintptr_t)data & 7) ? "not 8-byte aligned"
                      : memcmp(data, magic, 8) != 0 ? "bad magic"
                      : NULL;
    if (why) {
        snprintf(err, errlen, "%s: %s", what, why);
        return -1;
    }
    memcpy(header, data, header_size);
    return 0;
}
