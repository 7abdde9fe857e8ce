#include "report/svg_chart.h"

#include <algorithm>
#include <cstdio>
#include <set>

#include "report/escape.h"
#include "report/tally.h"

namespace writ::report {

namespace {

constexpr int kLeft = 56, kRight = 12, kPlot = 160, kBottom = 36;

std::string num(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", x);
  return buf;
}

bool is_month(const std::string& s) {
  return s.size() == 7 && month_of(s + "-01") == s;
}

}  // namespace

uint64_t nice_ceiling(uint64_t n) {
  if (n == 0) return 1;
  for (uint64_t p = 1;; p *= 10) {
    for (uint64_t m : {1, 2, 5}) {
      if (m * p >= n) return m * p;
    }
    if (p > UINT64_MAX / 100) return n;
  }
}

std::vector<std::string> month_axis(const std::vector<std::string>& months) {
  std::set<std::string> real;
  std::vector<std::string> others;
  for (const std::string& m : months) {
    if (is_month(m))
      real.insert(m);
    else
      others.push_back(m);
  }
  std::vector<std::string> axis;
  if (!real.empty()) {
    int y = std::stoi(real.begin()->substr(0, 4)), mo = std::stoi(real.begin()->substr(5, 2));
    const std::string& last = *real.rbegin();
    for (;;) {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%04d-%02d", y, mo);
      axis.emplace_back(buf);
      if (axis.back() >= last) break;
      if (++mo == 13) mo = 1, ++y;
    }
  }
  std::sort(others.begin(), others.end());
  axis.insert(axis.end(), others.begin(), others.end());
  return axis;
}

std::string stacked_bar_svg(std::string_view title, const std::vector<std::string>& categories,
                            const std::vector<Series>& series) {
  const std::size_t n = categories.size();
  const double bar = n == 0 ? 20.0 : std::clamp(880.0 / static_cast<double>(n), 3.0, 28.0);
  const int width = std::max(
      360,
      kLeft + static_cast<int>(bar * static_cast<double>(std::max<std::size_t>(n, 1))) + kRight);

  uint64_t top = 0;
  for (std::size_t i = 0; i < n; ++i) {
    uint64_t s = 0;
    for (const Series& se : series) s += i < se.values.size() ? se.values[i] : 0;
    top = std::max(top, s);
  }
  // Legend along the top, wrapped into rows that fit the width; the plot starts below it.
  std::string legend;
  int lx = kLeft, ly = 6;
  for (const Series& se : series) {
    const std::string label = se.name.empty() ? "(empty)" : se.name;
    const int w = 24 + 8 * static_cast<int>(std::min<std::size_t>(label.size(), 48));
    if (lx > kLeft && lx + w > width - kRight) lx = kLeft, ly += 18;
    legend += "<rect x=\"" + std::to_string(lx) + "\" y=\"" + std::to_string(ly) +
              "\" width=\"12\" height=\"12\" fill=\"" + html_escape(se.color) + "\"/><text x=\"" +
              std::to_string(lx + 16) + "\" y=\"" + std::to_string(ly + 10) +
              "\" font-size=\"12\">" + html_escape(label) + "</text>\n";
    lx += w;
  }
  const int plot_top = ly + 28;
  const int height = plot_top + kPlot + kBottom;
  const uint64_t ymax = nice_ceiling(top);
  const auto y_of = [&](uint64_t v) {
    return plot_top + kPlot -
           static_cast<double>(kPlot) * static_cast<double>(v) / static_cast<double>(ymax);
  };

  std::string out;
  out += "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" +
         std::to_string(width) + "\" height=\"" + std::to_string(height) + "\" viewBox=\"0 0 " +
         std::to_string(width) + " " + std::to_string(height) + "\" role=\"img\" aria-label=\"" +
         html_escape(title) + "\">\n<title>" + html_escape(title) + "</title>\n" + legend;

  // Y axis: gridlines at whole steps of the rounded maximum (1, 2 or 5 × 10^k).
  const uint64_t steps = ymax % 5 == 0 ? 5 : (ymax % 2 == 0 ? 2 : 1);
  for (uint64_t q = 0; q <= steps; ++q) {
    const uint64_t v = ymax / steps * q;
    const std::string y = num(y_of(v));
    out += "<line x1=\"" + std::to_string(kLeft) + "\" x2=\"" + std::to_string(width - kRight) +
           "\" y1=\"" + y + "\" y2=\"" + y + "\" stroke=\"#ccc\" stroke-width=\"1\"/>";
    out += "<text x=\"" + std::to_string(kLeft - 4) + "\" y=\"" + num(y_of(v) + 4) +
           "\" font-size=\"11\" text-anchor=\"end\">" + std::to_string(v) + "</text>\n";
  }

  // Bars.
  for (std::size_t i = 0; i < n; ++i) {
    const double x = kLeft + bar * static_cast<double>(i);
    uint64_t base = 0;
    for (const Series& se : series) {
      const uint64_t v = i < se.values.size() ? se.values[i] : 0;
      if (v == 0) continue;
      const double y1 = y_of(base + v), y0 = y_of(base);
      out += "<rect x=\"" + num(x + 0.5) + "\" y=\"" + num(y1) + "\" width=\"" +
             num(std::max(bar - 1.0, 1.0)) + "\" height=\"" + num(y0 - y1) + "\" fill=\"" +
             html_escape(se.color) + "\"><title>" + html_escape(categories[i]) + " " +
             html_escape(se.name) + ": " + std::to_string(v) + "</title></rect>";
      base += v;
    }
    out += "\n";
  }

  // X labels: January of each year for long month axes, else every k-th category.
  const bool months =
      n > 24 && std::all_of(categories.begin(), categories.end(),
                            [](const auto& c) { return !is_month(c) || c.size() == 7; });
  const std::size_t step = std::max<std::size_t>(1, (n + 15) / 16);
  std::size_t last_label = 0;
  bool any = false;
  for (std::size_t i = 0; i < n; ++i) {
    std::string label;
    if (months && is_month(categories[i])) {
      if (categories[i].substr(5) != "01" && i != 0) continue;
      label = categories[i].substr(0, 4);
      if (any && static_cast<double>(i - last_label) * bar < 30) continue;
    } else if (months) {
      label = categories[i];
    } else {
      if (i % step != 0) continue;
      label = categories[i];
    }
    any = true;
    last_label = i;
    const double x = kLeft + bar * (static_cast<double>(i) + 0.5);
    out += "<text x=\"" + num(x) + "\" y=\"" + std::to_string(plot_top + kPlot + 14) +
           "\" font-size=\"10\" text-anchor=\"middle\">" + html_escape(label) + "</text>";
  }
  out += "\n<line x1=\"" + std::to_string(kLeft) + "\" x2=\"" + std::to_string(width - kRight) +
         "\" y1=\"" + std::to_string(plot_top + kPlot) + "\" y2=\"" +
         std::to_string(plot_top + kPlot) + "\" stroke=\"#333\"/>\n</svg>\n";
  return out;
}

}  // namespace writ::report
