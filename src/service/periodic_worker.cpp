#include "service/periodic_worker.hpp"

namespace seatshift::service {

PeriodicWorker::PeriodicWorker(std::chrono::milliseconds interval, Pass pass)
    : interval_(interval), pass_(std::move(pass)), thread_([this] { Loop(); }) {}

PeriodicWorker::~PeriodicWorker() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void PeriodicWorker::Wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  wake_.notify_all();
}

bool PeriodicWorker::KeepRunning() {
  std::lock_guard lock(mutex_);
  return !stopping_;
}

void PeriodicWorker::Loop() {
  const KeepGoing keep_going = [this] { return KeepRunning(); };
  pass_(/*at_start=*/true, keep_going);
  while (true) {
    std::unique_lock lock(mutex_);
    const auto due = [this] { return stopping_ || woken_; };
    if (interval_.count() > 0) {
      wake_.wait_for(lock, interval_, due);
    } else {
      wake_.wait(lock, due);
    }
    if (stopping_) return;
    woken_ = false;
    lock.unlock();
    pass_(/*at_start=*/false, keep_going);
  }
}

}  // namespace seatshift::service
