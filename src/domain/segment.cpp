#include "domain/segment.hpp"

#include <array>
#include <utility>

namespace seatshift {
namespace {

constexpr std::array<std::pair<Segment, std::string_view>, 4> kSegments{{
    {Segment::kCommercial, "commercial"},
    {Segment::kEducation, "education"},
    {Segment::kFrontline, "frontline"},
    {Segment::kGovernment, "government"},
}};

}  // namespace

std::string_view ToString(Segment value) {
  for (const auto& [segment, name] : kSegments) {
    if (segment == value) return name;
  }
  return "unknown";
}

std::optional<Segment> ParseSegment(std::string_view text) {
  for (const auto& [segment, name] : kSegments) {
    if (name == text) return segment;
  }
  return std::nullopt;
}

}  // namespace seatshift
