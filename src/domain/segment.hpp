#pragma once

// Who a customer is to Microsoft's offers: which plans it may buy and which prices apply.

#include <optional>
#include <string_view>

namespace seatshift {

enum class Segment { kCommercial, kEducation, kFrontline, kGovernment };

std::string_view ToString(Segment value);
std::optional<Segment> ParseSegment(std::string_view text);

}  // namespace seatshift
