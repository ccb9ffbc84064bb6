#include "codec/named_columns_csv.hpp"

#include <fmt/format.h>
#include <zip.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>
#include <memory>
#include <sstream>

#include "codec/csv_reader.hpp"
#include "codec/text.hpp"

namespace seatshift::codec {
namespace {

constexpr std::size_t kProblemsInMessage = 20;
constexpr zip_uint64_t kMaxUnzipped = 1ULL << 30;  // a zip bomb stops here

bool IsZip(std::string_view bytes) { return bytes.starts_with(std::string_view("PK\x03\x04", 4)); }

//! The one .csv member of the zip archive in `bytes`.
Result<std::string> UnzipCsv(std::string_view bytes, std::string_view source) {
  const auto fail = [&](std::string_view why) {
    return Error(ErrorCode::kBadRequest, fmt::format("{}: {}", source, why));
  };
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (!src) {
    zip_error_fini(&error);
    return fail("not a readable zip archive");
  }
  zip_t* archive = zip_open_from_source(src, ZIP_RDONLY, &error);
  zip_error_fini(&error);
  if (!archive) {
    zip_source_free(src);
    return fail("not a readable zip archive");
  }
  const std::unique_ptr<zip_t, decltype(&zip_discard)> owned(archive, &zip_discard);
  std::optional<zip_uint64_t> member;
  const zip_int64_t entries = zip_get_num_entries(archive, 0);
  for (zip_int64_t i = 0; i < entries; ++i) {
    const char* raw = zip_get_name(archive, static_cast<zip_uint64_t>(i), 0);
    const std::string_view name = raw ? raw : "";
    if (name.size() < 4 || !EqualsIgnoreCase(name.substr(name.size() - 4), ".csv")) continue;
    if (member) return fail("the archive holds more than one .csv file");
    member = static_cast<zip_uint64_t>(i);
  }
  if (!member) return fail("the archive holds no .csv file");
  zip_stat_t stat;
  if (zip_stat_index(archive, *member, 0, &stat) != 0 || !(stat.valid & ZIP_STAT_SIZE)) {
    return fail("the archive's .csv file cannot be read");
  }
  if (stat.size > kMaxUnzipped) return fail("the archive's .csv file is larger than 1 GiB");
  const std::unique_ptr<zip_file_t, decltype(&zip_fclose)> file(
      zip_fopen_index(archive, *member, 0), &zip_fclose);
  if (!file) return fail("the archive's .csv file cannot be read");
  std::string out(stat.size, '\0');
  zip_uint64_t done = 0;
  while (done < stat.size) {
    const zip_int64_t n = zip_fread(file.get(), out.data() + done, stat.size - done);
    if (n <= 0) return fail("the archive's .csv file is damaged");
    done += static_cast<zip_uint64_t>(n);
  }
  return out;
}

//! Whether `text` is an ISO 8601 time of day in UTC: "HH:MM", "HH:MM:SS" or with a fraction
//! ("23:59:59.0000000"), then "Z", "+00:00" or nothing.
bool IsUtcTimeOfDay(std::string_view text) {
  if (text.ends_with("Z")) {
    text.remove_suffix(1);
  } else if (text.ends_with("+00:00")) {
    text.remove_suffix(6);
  }
  const auto two_digits = [&](std::size_t at, int max) {
    if (text.size() < at + 2 || !std::isdigit(static_cast<unsigned char>(text[at])) ||
        !std::isdigit(static_cast<unsigned char>(text[at + 1]))) {
      return false;
    }
    return (text[at] - '0') * 10 + (text[at + 1] - '0') <= max;
  };
  if (!two_digits(0, 23) || text.size() < 5 || text[2] != ':' || !two_digits(3, 59)) return false;
  if (text.size() == 5) return true;
  if (text[5] != ':' || !two_digits(6, 59)) return false;
  if (text.size() == 8) return true;
  const std::string_view fraction = text.substr(8);
  return fraction.size() > 1 && fraction[0] == '.' &&
         fraction.find_first_not_of("0123456789", 1) == std::string_view::npos;
}

}  // namespace

Status NamedColumnsCsv::Read(std::string_view bytes,
                             const std::function<void(const NamedRow&)>& on_row) {
  std::string unzipped;
  if (IsZip(bytes)) {
    SEATSHIFT_ASSIGN_OR_RETURN(unzipped, UnzipCsv(bytes, source_));
    bytes = unzipped;
  }
  std::vector<std::optional<std::size_t>> index_of;  // per column: its field, if the file has it
  std::size_t width = 0;
  NamedRow row;
  std::istringstream in{std::string(bytes)};
  SEATSHIFT_TRY(ReadCsv(in, source_, [&](const CsvRecord& record) -> Status {
    if (index_of.empty() && width == 0) {
      width = record.fields.size();
      for (const NamedColumn& column : columns_) {
        const auto it = std::find_if(
            record.fields.begin(), record.fields.end(),
            [&](const std::string& f) { return EqualsIgnoreCase(Trim(f), column.name); });
        index_of.push_back(it == record.fields.end() ? std::nullopt
                                                     : std::optional(static_cast<std::size_t>(
                                                           it - record.fields.begin())));
        if (column.required && !index_of.back()) {
          return Error(ErrorCode::kBadRequest, fmt::format("{}:{}: header: no column {}", source_,
                                                           record.line, column.name));
        }
      }
      return OkStatus();
    }
    if (record.fields.size() != width) {
      Problem(record.line, "",
              fmt::format("expected {} fields, found {}", width, record.fields.size()));
      return OkStatus();
    }
    row.line = record.line;
    row.fields.clear();
    for (const auto& index : index_of) {
      row.fields.push_back(index ? Trim(record.fields[*index]) : std::string_view());
    }
    on_row(row);
    return OkStatus();
  }));
  if (width == 0) return Error(ErrorCode::kBadRequest, fmt::format("{}: empty", source_));
  return OkStatus();
}

void NamedColumnsCsv::Problem(std::size_t line, std::string_view column, std::string reason) {
  problems_.push_back(column.empty() ? fmt::format("{}:{}: {}", source_, line, reason)
                                     : fmt::format("{}:{}: {}: {}", source_, line, column, reason));
}

Status NamedColumnsCsv::Verdict() const {
  if (problems_.empty()) return OkStatus();
  const std::size_t shown = std::min(problems_.size(), kProblemsInMessage);
  std::string message = fmt::format(
      "{} row problem(s), nothing imported: {}", problems_.size(),
      fmt::join(problems_.begin(), problems_.begin() + static_cast<std::ptrdiff_t>(shown), "; "));
  if (problems_.size() > shown) message += fmt::format("; and {} more", problems_.size() - shown);
  return Error(ErrorCode::kBadRequest, std::move(message), {{"problems", problems_}});
}

std::optional<std::int64_t> ParseCount(std::string_view text) {
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value < 0) {
    return std::nullopt;
  }
  return value;
}

std::optional<Date> ParseIsoDay(std::string_view text) {
  if (text.size() > 10 && (text[10] != 'T' || !IsUtcTimeOfDay(text.substr(11)))) {
    return std::nullopt;
  }
  return ParseDate(text.substr(0, 10));
}

bool IsCountryCode(std::string_view text) {
  const auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  return text.size() == 2 && upper(text[0]) && upper(text[1]);
}

}  // namespace seatshift::codec
