#pragma once

#include <QtGlobal>

#include <bit>
#include <cstring>

// Integers as text for the per-request hot paths (FastEvent's numbers, trace ids): eight digits
// at a time in a 64-bit register (SIMD within a register), no division loop and no library
// call (digit pairs from a table, one division by 100 each, took a fifth more per lb request).
// Both write whole 8-byte words: the caller gives room for kDecimalRoom / 16 bytes.
namespace infrastage::http {

static_assert(std::endian::native == std::endian::little,
              "the digits are built in a word whose first byte is the first character");

// Room writeDecimal() needs at `out`: a sign, 20 digits, and the rest of the last word.
inline constexpr qsizetype kDecimalRoom = 32;

namespace detail {

// The eight decimal digits of `v` (< 10^8, leading zeros included) as values 0-9, one per byte,
// the most significant in the lowest byte (the first in memory).
constexpr quint64 eightDigits(quint64 v) {
    // Four digits in each 32-bit half, the first four in the low half.
    const quint64 merged = (v / 10000) | ((v % 10000) << 32);
    // Each half into two 2-digit numbers in 16-bit lanes (x / 100 = x * 10486 >> 20 for
    // x < 10^4), then each of those into two digits in bytes (x / 10 = x * 103 >> 10, x < 100).
    const quint64 hundreds = ((merged * 10486) >> 20) & ((0x7FULL << 32) | 0x7FULL);
    const quint64 pairs = ((merged - 100 * hundreds) << 16) + hundreds;
    const quint64 tens = ((pairs * 103) >> 10) & 0x000F000F000F000FULL;
    return tens + ((pairs - 10 * tens) << 8);
}

constexpr quint64 kAsciiZeros = 0x3030303030303030ULL;

// The digits of 1 <= v < 10^8 without leading zeros at `out` (8 bytes written); their count.
inline qsizetype writeShort(char *out, quint64 v) {
    const quint64 d = eightDigits(v);
    const int zeros = std::countr_zero(d) / 8; // leading zero digits: d's low bytes
    const quint64 text = (d >> (8 * zeros)) + kAsciiZeros;
    std::memcpy(out, &text, 8);
    return 8 - zeros;
}

// The four digits of `v` (< 10^4, leading zeros included), as eightDigits() does with four.
constexpr quint32 fourDigits(quint32 v) {
    const quint32 pairs = (v / 100) | ((v % 100) << 16);
    const quint32 tens = ((pairs * 103) >> 10) & 0x000F000FU;
    return tens + ((pairs - 10 * tens) << 8);
}

// The digits of 10 <= v < 10^4 without leading zeros at `out` (4 bytes written); their count.
inline qsizetype writeFour(char *out, quint32 v) {
    const quint32 d = fourDigits(v);
    const int zeros = std::countr_zero(d) / 8;
    const quint32 text = (d >> (8 * zeros)) + quint32(kAsciiZeros);
    std::memcpy(out, &text, 4);
    return 4 - zeros;
}

} // namespace detail

// Exactly eight digits (leading zeros kept) of v < 10^8 at `out`.
inline void writeEightDigits(char *out, quint64 v) {
    const quint64 text = detail::eightDigits(v) + detail::kAsciiZeros;
    std::memcpy(out, &text, 8);
}

// `v` in decimal at `out` (kDecimalRoom bytes of room; bytes after the number may be
// overwritten); the number of characters, the same as QByteArray::number(v) writes.
inline qsizetype writeDecimal(char *out, quint64 v) {
    if (v < 10) {
        *out = char('0' + v);
        return 1;
    }
    if (v < 10000) // statuses, sizes, short durations
        return detail::writeFour(out, quint32(v));
    constexpr quint64 e8 = 100000000ULL;
    if (v < e8)
        return detail::writeShort(out, v);
    if (v < e8 * e8) {
        const qsizetype n = detail::writeShort(out, v / e8);
        writeEightDigits(out + n, v % e8);
        return n + 8;
    }
    const qsizetype n = detail::writeShort(out, v / (e8 * e8)); // at most 1844
    writeEightDigits(out + n, v / e8 % e8);
    writeEightDigits(out + n + 8, v % e8);
    return n + 16;
}

inline qsizetype writeDecimal(char *out, qint64 v) {
    if (v >= 0)
        return writeDecimal(out, quint64(v));
    *out = '-';
    return 1 + writeDecimal(out + 1, 0 - quint64(v));
}

// `v` as 16 lower-case hex digits, leading zeros kept, at `out` (exactly 16 bytes written).
inline void writeHex16(char *out, quint64 v) {
    const auto half = [](quint64 x) { // 32 bits: 8 nibbles, one per byte, the first lowest
        x = (x >> 16) | ((x & 0xFFFF) << 32);
        x = ((x >> 8) & 0x000000FF000000FFULL) | ((x & 0x000000FF000000FFULL) << 16);
        x = ((x >> 4) & 0x000F000F000F000FULL) | ((x & 0x000F000F000F000FULL) << 8);
        // '0' + n, and 'a' - '0' - 10 = 39 more for n >= 10.
        const quint64 letters = ((x + 0x0606060606060606ULL) >> 4) & 0x0101010101010101ULL;
        return x + detail::kAsciiZeros + letters * 39;
    };
    const quint64 hi = half(v >> 32), lo = half(v & 0xFFFFFFFFULL);
    std::memcpy(out, &hi, 8);
    std::memcpy(out + 8, &lo, 8);
}

} // namespace infrastage::http
