// A streaming JSON writer into one string: no document tree, no allocation beyond the output.
// Its output is byte for byte what nlohmann-json's dump(indent) gives for the same tree (compact
// with indent < 0; otherwise one member per line, `"key": value`, `{}` and `[]` when empty), so
// the JSON Writ publishes keeps one shape whichever path produced it. Strings are escaped as
// nlohmann-json does (", \, \b \f \n \r \t, other control characters as \u00xx; UTF-8 passed
// through); invalid UTF-8 becomes U+FFFD rather than an error.
//
//   JsonWriter w(out, -1);
//   w.begin_object(); w.key("outcome"); w.value("honor"); w.end_object();
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace writ {

class JsonWriter {
 public:
  // Appends to `out`. `indent` < 0: one line.
  explicit JsonWriter(std::string& out, int indent = -1) : out_(out), indent_(indent) {}

  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }
  // The key of the next member of the current object.
  void key(std::string_view k);

  void value(std::string_view s);
  void value(const char* s) { value(std::string_view(s)); }
  void value(const std::string& s) { value(std::string_view(s)); }
  void value(bool b);
  void value(std::int64_t n);
  void value(int n) { value(static_cast<std::int64_t>(n)); }
  void null();
  // A value already serialized as compact JSON, copied as it is (one line whatever the indent).
  void raw(std::string_view json);

  // Appends `s` as a JSON string literal, quotes included.
  static void escape(std::string& out, std::string_view s);

 private:
  void open(char c);
  void close(char c);
  void before_value();
  void newline();

  std::string& out_;
  int indent_;
  struct Level {
    bool empty = true;
  };
  std::vector<Level> stack_;
  bool after_key_ = false;
};

}  // namespace writ
