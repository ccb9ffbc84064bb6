// Which backend the store benchmarks run on (see bench_store.hpp).
#include "bench_store.hpp"

#include <fmt/format.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <exception>
#include <mutex>
#include <vector>

#include "store/open/open.hpp"
#include "store/postgres/connection.hpp"

namespace seatshift::bench {
namespace {

//! The schemas this process created; dropped by the destructor at exit. Created on first use,
//! before any store that uses them, so it is destroyed after those stores are closed.
class CreatedSchemas {
 public:
  static CreatedSchemas& Get() {
    static CreatedSchemas schemas;
    return schemas;
  }
  CreatedSchemas(const CreatedSchemas&) = delete;
  CreatedSchemas& operator=(const CreatedSchemas&) = delete;
  ~CreatedSchemas() {
    // SEATSHIFT_BENCH_KEEP_SCHEMAS=1 leaves them, to read the plans of a fleet's queries after.
    if (names_.empty() || std::getenv("SEATSHIFT_BENCH_KEEP_SCHEMAS")) return;
    try {
      auto conn = store::postgres::Connection::Open(BenchPostgresUrl());
      for (const std::string& name : names_) {
        conn->Exec(fmt::format("DROP SCHEMA IF EXISTS {} CASCADE", name).c_str());
      }
    } catch (const std::exception& e) {
      std::fprintf(stderr, "bench: could not drop the benchmark schemas: %s\n", e.what());
    }
  }

  //! Creates a schema with a name of its own and returns the name.
  std::string Create(std::string_view label) {
    const std::scoped_lock lock(mutex_);
    std::string name = fmt::format("bench_{}_{}_{}", label, ::getpid(), names_.size());
    auto conn = store::postgres::Connection::Open(BenchPostgresUrl());
    conn->Exec(fmt::format("CREATE SCHEMA {}", name).c_str());
    names_.push_back(name);
    return name;
  }

 private:
  CreatedSchemas() = default;
  std::mutex mutex_;
  std::vector<std::string> names_;
};

}  // namespace

std::string BenchPostgresUrl() {
  const char* url = std::getenv("SEATSHIFT_BENCH_POSTGRES");
  return url ? url : "";
}

std::string FreshBenchLocation(const std::string& sqlite_path, std::string_view label) {
  const std::string base = BenchPostgresUrl();
  if (base.empty()) return sqlite_path;
  const std::string schema = CreatedSchemas::Get().Create(label);
  const char separator = base.find('?') == std::string::npos ? '?' : '&';
  return fmt::format("{}{}options=-csearch_path%3D{}", base, separator, schema);
}

std::unique_ptr<store::Store> OpenBenchStore(const std::string& location) {
  return store::Open(location);
}

const char* BenchStoreDescription() {
  return BenchPostgresUrl().empty() ? "SqliteStore (WAL, synchronous=FULL)"
                                    : "PgStore (the server SEATSHIFT_BENCH_POSTGRES names)";
}

}  // namespace seatshift::bench
