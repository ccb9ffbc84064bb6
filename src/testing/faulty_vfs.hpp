#pragma once

// A SQLite VFS for fault-injection tests: it wraps the default VFS ("unix") and, while told
// to, refuses writes with SQLITE_FULL ("the disk is full") and/or syncs with
// SQLITE_IOERR_FSYNC. A store opened with ConnectionOptions{.vfs = kFaultyVfs} runs on it;
// everything else in the process keeps the default VFS. Header-only, like the rest of the
// test support, so that no test code is linked into the program.

#include <sqlite3.h>

#include <atomic>
#include <cstring>

namespace seatshift::testing {

inline constexpr const char* kFaultyVfs = "seatshift-faulty";

//! What the faulty VFS does now. Thread-safe: tests flip the switches while writers run.
struct Faults {
  std::atomic<bool> disk_full{false};   //!< xWrite fails with SQLITE_FULL
  std::atomic<bool> sync_fails{false};  //!< xSync fails with SQLITE_IOERR_FSYNC
  std::atomic<int> refused_writes{0};   //!< xWrite calls refused so far
  void Clear() {
    disk_full = false;
    sync_fails = false;
  }
};

namespace faulty_vfs_detail {

inline Faults& State() {
  static Faults faults;
  return faults;
}

inline sqlite3_vfs* RealVfs(sqlite3_vfs* vfs) { return static_cast<sqlite3_vfs*>(vfs->pAppData); }
inline int Delete(sqlite3_vfs* vfs, const char* name, int sync_dir) {
  return RealVfs(vfs)->xDelete(RealVfs(vfs), name, sync_dir);
}
inline int Access(sqlite3_vfs* vfs, const char* name, int flags, int* out) {
  return RealVfs(vfs)->xAccess(RealVfs(vfs), name, flags, out);
}
inline int FullPathname(sqlite3_vfs* vfs, const char* name, int n, char* out) {
  return RealVfs(vfs)->xFullPathname(RealVfs(vfs), name, n, out);
}

// The wrapped file: our methods first, the real VFS's file (of its own szOsFile) behind it.
struct File {
  sqlite3_file base;
  sqlite3_file* Real() { return reinterpret_cast<sqlite3_file*>(this + 1); }
};

inline sqlite3_file* RealOf(sqlite3_file* f) { return reinterpret_cast<File*>(f)->Real(); }

inline int Close(sqlite3_file* f) { return RealOf(f)->pMethods->xClose(RealOf(f)); }
inline int Read(sqlite3_file* f, void* buf, int n, sqlite3_int64 off) {
  return RealOf(f)->pMethods->xRead(RealOf(f), buf, n, off);
}
inline int Write(sqlite3_file* f, const void* buf, int n, sqlite3_int64 off) {
  if (State().disk_full.load()) {
    ++State().refused_writes;
    return SQLITE_FULL;
  }
  return RealOf(f)->pMethods->xWrite(RealOf(f), buf, n, off);
}
inline int Truncate(sqlite3_file* f, sqlite3_int64 size) {
  return RealOf(f)->pMethods->xTruncate(RealOf(f), size);
}
inline int Sync(sqlite3_file* f, int flags) {
  if (State().sync_fails.load()) return SQLITE_IOERR_FSYNC;
  return RealOf(f)->pMethods->xSync(RealOf(f), flags);
}
inline int FileSize(sqlite3_file* f, sqlite3_int64* size) {
  return RealOf(f)->pMethods->xFileSize(RealOf(f), size);
}
inline int Lock(sqlite3_file* f, int level) { return RealOf(f)->pMethods->xLock(RealOf(f), level); }
inline int Unlock(sqlite3_file* f, int level) {
  return RealOf(f)->pMethods->xUnlock(RealOf(f), level);
}
inline int CheckReservedLock(sqlite3_file* f, int* out) {
  return RealOf(f)->pMethods->xCheckReservedLock(RealOf(f), out);
}
inline int FileControl(sqlite3_file* f, int op, void* arg) {
  return RealOf(f)->pMethods->xFileControl(RealOf(f), op, arg);
}
inline int SectorSize(sqlite3_file* f) { return RealOf(f)->pMethods->xSectorSize(RealOf(f)); }
inline int DeviceCharacteristics(sqlite3_file* f) {
  return RealOf(f)->pMethods->xDeviceCharacteristics(RealOf(f));
}
inline int ShmMap(sqlite3_file* f, int region, int size, int extend, void volatile** out) {
  return RealOf(f)->pMethods->xShmMap(RealOf(f), region, size, extend, out);
}
inline int ShmLock(sqlite3_file* f, int offset, int n, int flags) {
  return RealOf(f)->pMethods->xShmLock(RealOf(f), offset, n, flags);
}
inline void ShmBarrier(sqlite3_file* f) { RealOf(f)->pMethods->xShmBarrier(RealOf(f)); }
inline int ShmUnmap(sqlite3_file* f, int remove) {
  return RealOf(f)->pMethods->xShmUnmap(RealOf(f), remove);
}
// Version 2 of the methods (shared memory for WAL, no memory-mapped I/O): the store never
// turns mmap on, and a version-3 real file would otherwise need xFetch to be mirrored too.
inline const sqlite3_io_methods kMethods = {
    .iVersion = 2,
    .xClose = Close,
    .xRead = Read,
    .xWrite = Write,
    .xTruncate = Truncate,
    .xSync = Sync,
    .xFileSize = FileSize,
    .xLock = Lock,
    .xUnlock = Unlock,
    .xCheckReservedLock = CheckReservedLock,
    .xFileControl = FileControl,
    .xSectorSize = SectorSize,
    .xDeviceCharacteristics = DeviceCharacteristics,
    .xShmMap = ShmMap,
    .xShmLock = ShmLock,
    .xShmBarrier = ShmBarrier,
    .xShmUnmap = ShmUnmap,
    .xFetch = nullptr,
    .xUnfetch = nullptr,
};

inline int Open(sqlite3_vfs* vfs, const char* name, sqlite3_file* f, int flags, int* out_flags) {
  auto* file = reinterpret_cast<File*>(f);
  sqlite3_vfs* real = RealVfs(vfs);
  const int rc = real->xOpen(real, name, file->Real(), flags, out_flags);
  file->base.pMethods = file->Real()->pMethods ? &kMethods : nullptr;
  return rc;
}

}  // namespace faulty_vfs_detail

//! Registers the faulty VFS (once; not as the default) and returns its switches.
inline Faults& FaultyVfs() {
  namespace d = faulty_vfs_detail;
  static const bool registered = [] {
    sqlite3_vfs* real = sqlite3_vfs_find(nullptr);
    static sqlite3_vfs vfs;
    std::memcpy(&vfs, real, sizeof vfs);
    vfs.iVersion = real->iVersion;
    vfs.szOsFile = static_cast<int>(sizeof(d::File)) + real->szOsFile;
    vfs.pNext = nullptr;
    vfs.zName = kFaultyVfs;
    vfs.pAppData = real;
    vfs.xOpen = d::Open;
    vfs.xDelete = d::Delete;
    vfs.xAccess = d::Access;
    vfs.xFullPathname = d::FullPathname;
    return sqlite3_vfs_register(&vfs, 0) == SQLITE_OK;
  }();
  (void)registered;
  return d::State();
}

}  // namespace seatshift::testing
