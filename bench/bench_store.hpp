#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "store/store.hpp"

namespace seatshift::bench {

//! SEATSHIFT_BENCH_POSTGRES: the PostgreSQL server (a postgresql:// URL) the store benchmarks
//! run their store on instead of SQLite; empty when unset. Baselines stay raw SQLite.
std::string BenchPostgresUrl();

//! Where a benchmark keeps a database of its store: `sqlite_path` without SEATSHIFT_BENCH_POSTGRES,
//! otherwise the URL of a new, empty schema on that server (named after `label`), dropped when
//! the process exits, so that several benchmarks, and several runs of one, share a server.
std::string FreshBenchLocation(const std::string& sqlite_path, std::string_view label);

//! Opens the store at a location FreshBenchLocation gave.
std::unique_ptr<store::Store> OpenBenchStore(const std::string& location);

//! Which backend the store benchmarks run on, for their summaries.
const char* BenchStoreDescription();

}  // namespace seatshift::bench
