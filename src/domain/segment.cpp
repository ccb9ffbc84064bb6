#include "domain/segment.hpp"

#include "domain/enum_names.hpp"

namespace seatshift {
namespace {

constexpr EnumNames<Segment, 4> kSegments{{
    {Segment::kCommercial, "commercial"},
    {Segment::kEducation, "education"},
    {Segment::kFrontline, "frontline"},
    {Segment::kGovernment, "government"},
}};

}  // namespace

std::string_view ToString(Segment value) { return NameOf(kSegments, value); }
std::optional<Segment> ParseSegment(std::string_view text) { return ValueNamed(kSegments, text); }

}  // namespace seatshift
