#include "codec/csv_reader.hpp"

#include <csv.h>
#include <fmt/format.h>

#include <cstdlib>
#include <utility>

#include "base/utf8.hpp"

namespace seatshift::codec {
namespace {

using RecordCallback = std::function<Status(const CsvRecord&)>;

constexpr std::size_t kChunkSize = 64 * 1024;
constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
constexpr unsigned char kParserOptions = CSV_STRICT | CSV_STRICT_FINI;

// Feeds libcsv in segments that end at each CR or LF (or at the end of a chunk): a record can
// only end where a segment ends, so the physical line where every record starts is known.
class CsvParser {
 public:
  CsvParser(std::string_view source_name, const RecordCallback& on_record)
      : source_name_(source_name), on_record_(on_record) {
    // csv_init only fails for a null parser.
    if (csv_init(&parser_, kParserOptions) != 0) std::abort();
  }
  ~CsvParser() { csv_free(&parser_); }
  CsvParser(const CsvParser&) = delete;
  CsvParser& operator=(const CsvParser&) = delete;

  Status Feed(std::string_view bytes) {
    while (!bytes.empty()) {
      const std::size_t end = bytes.find_first_of("\r\n");
      const std::size_t length = end == std::string_view::npos ? bytes.size() : end + 1;
      SEATSHIFT_TRY(FeedSegment(bytes.substr(0, length)));
      bytes.remove_prefix(length);
    }
    return OkStatus();
  }

  Status Finish() {
    if (csv_fini(&parser_, OnField, OnRecordEnd, this) != 0) {
      return Malformed(record_.line, "unterminated quoted field");
    }
    return status_;
  }

 private:
  Status FeedSegment(std::string_view segment) {
    // libcsv skips lines of only spaces, tabs and line ends, so they start no record.
    if (between_records_ && segment.find_first_not_of(" \t\r\n") != std::string_view::npos) {
      record_.line = line_;
      between_records_ = false;
    }
    const std::size_t used =
        csv_parse(&parser_, segment.data(), segment.size(), OnField, OnRecordEnd, this);
    if (used != segment.size()) {
      const int code = csv_error(&parser_);
      if (code == CSV_EPARSE) {
        return Malformed(line_, "a quote inside an unquoted field, or text after a closing quote");
      }
      return Error(ErrorCode::kInternal,
                   fmt::format("{}:{}: {}", source_name_, line_, csv_strerror(code)));
    }
    if (segment.back() == '\n') ++line_;
    return status_;
  }

  Error Malformed(std::size_t line, std::string_view reason) const {
    return Error(ErrorCode::kBadRequest, fmt::format("{}:{}: {}", source_name_, line, reason));
  }

  static void OnField(void* data, std::size_t size, void* self_ptr) {
    auto& record = static_cast<CsvParser*>(self_ptr)->record_;
    std::string field = size == 0 ? std::string() : std::string(static_cast<char*>(data), size);
    if (RepairUtf8(field)) record.repaired_fields.push_back(record.fields.size());
    record.fields.push_back(std::move(field));
  }

  static void OnRecordEnd(int /*terminator*/, void* self_ptr) {
    auto& self = *static_cast<CsvParser*>(self_ptr);
    if (self.status_.ok()) self.status_ = self.on_record_(self.record_);
    self.record_.fields.clear();
    self.record_.repaired_fields.clear();
    self.between_records_ = true;
  }

  csv_parser parser_{};
  std::string_view source_name_;
  const RecordCallback& on_record_;
  std::size_t line_ = 1;  // physical line of the next byte fed
  bool between_records_ = true;
  CsvRecord record_;
  Status status_ = OkStatus();  // the first error on_record_ returned
};

}  // namespace

Status ReadCsv(std::istream& in, std::string_view source_name, const RecordCallback& on_record) {
  CsvParser parser(source_name, on_record);
  std::string buffer(kChunkSize, '\0');
  bool first_chunk = true;
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    std::string_view chunk(buffer.data(), static_cast<std::size_t>(in.gcount()));
    if (first_chunk && chunk.starts_with(kByteOrderMark)) {
      chunk.remove_prefix(kByteOrderMark.size());
    }
    first_chunk = false;
    SEATSHIFT_TRY(parser.Feed(chunk));
  }
  if (in.bad()) return Error(ErrorCode::kInternal, fmt::format("{}: read error", source_name));
  return parser.Finish();
}

}  // namespace seatshift::codec
