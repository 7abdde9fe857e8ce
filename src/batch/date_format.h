// Dates as datasets write them, read with a strftime-like format: %Y (4-digit year), %y (2-digit
// year, 1969-2068 like POSIX), %m, %d (1 or 2 digits), %H, %M, %S, %b (Jan..Dec, any case); any
// other character must match itself. The whole text must be consumed.
#pragma once

#include <cstdint>
#include <string_view>

namespace writ::batch {

// Days since 1970-01-01 and seconds since midnight; false if the text does not match or the
// date does not exist.
bool parse_with_format(std::string_view text, std::string_view format, int32_t& days,
                       int32_t& seconds);

}  // namespace writ::batch
