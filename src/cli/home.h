// Finds the Writ home: the directory holding policies/, catalogs/ and calendars/.
#pragma once

#include <string>

namespace writ::cli {

// --home if given, else $WRIT_HOME, else the nearest parent of the current directory or of the
// executable that holds policies/prelude.writ.md, else ".".
std::string find_home(const std::string& flag);

}  // namespace writ::cli
