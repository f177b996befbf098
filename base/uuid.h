// Random UUIDs (RFC 4122 version 4) in the lower-case 8-4-4-4-12 form AWS
// uses for request ids, selection ids and plan ids. Not for secrets: the
// generator is a Mersenne Twister seeded from std::random_device.

#ifndef BACKUPCTL_BASE_UUID_H_
#define BACKUPCTL_BASE_UUID_H_

#include <cstdint>
#include <string>

namespace backupctl {

// The UUID of 128 random bits, with the version (4) and variant (10xx) bits set.
std::string UuidV4FromBits(uint64_t hi, uint64_t lo);

// A fresh random UUID; safe from any thread (each thread has its generator).
std::string NewUuid();

}  // namespace backupctl

#endif  // BACKUPCTL_BASE_UUID_H_
