#include "storage/sqlite/change_signal.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace duxing::storage::sqlite {

// The file's bytes: what every process maps. Zeroed when the file is made.
struct ChangeSignal::Page {
  uint64_t magic;
  uint64_t begun;
  uint64_t finished;
};

namespace {

constexpr uint64_t kMagic = 0x314c4e4753584400;  // "\0DXSGNL1"
constexpr size_t kFileBytes = 4096;
static_assert(std::atomic_ref<uint64_t>::is_always_lock_free,
              "the signal is shared between processes: its counters must be lock-free");

std::atomic_ref<uint64_t> Counter(uint64_t& v) { return std::atomic_ref<uint64_t>(v); }

Error SystemError(const std::string& what, const std::string& path) {
  return InternalError(what + " " + path + ": " + std::strerror(errno));
}

}  // namespace

Result<std::unique_ptr<ChangeSignal>> ChangeSignal::Open(const std::string& path, mode_t mode) {
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, mode);
  if (fd < 0) return SystemError("cannot open the change signal", path);
  struct stat st {};
  // Extending a file fills it with zeros; processes racing to make it agree.
  if (::fstat(fd, &st) != 0 ||
      (st.st_size < static_cast<off_t>(kFileBytes) && ::ftruncate(fd, kFileBytes) != 0)) {
    Error e = SystemError("cannot size the change signal", path);
    ::close(fd);
    return e;
  }
  void* p = ::mmap(nullptr, kFileBytes, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  ::close(fd);  // the mapping stays
  if (p == MAP_FAILED) return SystemError("cannot map the change signal", path);
  auto* page = static_cast<Page*>(p);
  uint64_t magic = 0;
  if (!Counter(page->magic).compare_exchange_strong(magic, kMagic) && magic != kMagic) {
    ::munmap(p, kFileBytes);
    return InternalError("not a change signal file (remove it while no process runs): " + path);
  }
  return std::unique_ptr<ChangeSignal>(new ChangeSignal(path, page));
}

ChangeSignal::~ChangeSignal() { ::munmap(page_, kFileBytes); }

std::optional<uint64_t> ChangeSignal::Settled() const {
  // `finished` first: once it is k every commit up to k is visible, and a
  // `begun` still at k afterwards means no later one had begun.
  uint64_t finished = Counter(page_->finished).load(std::memory_order_acquire);
  uint64_t begun = Counter(page_->begun).load(std::memory_order_acquire);
  if (begun != finished) return std::nullopt;
  return finished;
}

uint64_t ChangeSignal::Begin() { return Counter(page_->begun).fetch_add(1) + 1; }

void ChangeSignal::Finish(uint64_t n) {
  auto finished = Counter(page_->finished);
  uint64_t seen = finished.load();
  while (seen < n && !finished.compare_exchange_weak(seen, n)) {
  }
}

bool ChangeSignal::Repair() {
  uint64_t begun = Counter(page_->begun).load();
  uint64_t finished = Counter(page_->finished).load();
  if (begun == finished) return false;
  Finish(begun);
  return true;
}

}  // namespace duxing::storage::sqlite
