#include "store/sqlite/decode.hpp"

namespace seatshift::store::sqlite {

void Corrupt(std::string_view where, std::string_view key, std::string_view value) {
  // Not logged here: the adapters report storage errors (the server on stderr, the CLI as its
  // one line of error output).
  throw CorruptionError(fmt::format(
      "corrupt database: {} of row {} is '{}', which this program cannot read", where, key, value));
}

}  // namespace seatshift::store::sqlite
