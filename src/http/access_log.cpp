#include "http/access_log.hpp"

#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace duxing::http {
namespace {

constexpr size_t kBlockBytes = 16 * 1024;
constexpr auto kFlushEvery = std::chrono::milliseconds(100);

// Formatted lines gathered in one buffer and written to stdout (fd 1, as the
// default logger writes) when it holds kBlockBytes or on flush().
class BlockSink : public spdlog::sinks::base_sink<std::mutex> {
public:
  ~BlockSink() override { Write(); }

protected:
  void sink_it_(const spdlog::details::log_msg &msg) override {
    spdlog::memory_buf_t line;
    formatter_->format(msg, line);
    buffer_.append(line.data(), line.size());
    if (buffer_.size() >= kBlockBytes)
      Write();
  }
  void flush_() override { Write(); }

private:
  void Write() {
    size_t at = 0;
    while (at < buffer_.size()) {
      ssize_t n =
          ::write(STDOUT_FILENO, buffer_.data() + at, buffer_.size() - at);
      if (n <= 0)
        break; // stdout gone: the lines are dropped, as spdlog's sinks do
      at += static_cast<size_t>(n);
    }
    buffer_.clear();
  }

  std::string buffer_;
};

// Flushes `logger` every kFlushEvery until destroyed (at exit), then once more.
class Flusher {
public:
  explicit Flusher(std::shared_ptr<spdlog::logger> logger)
      : logger_(std::move(logger)), thread_([this] { Run(); }) {}
  ~Flusher() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_one();
    thread_.join();
    logger_->flush();
  }

private:
  void Run() {
    std::unique_lock lock(mu_);
    while (!cv_.wait_for(lock, kFlushEvery, [this] { return stop_; }))
      logger_->flush();
  }

  std::shared_ptr<spdlog::logger> logger_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

spdlog::logger *installed = nullptr;

} // namespace

void InstallAccessLog() {
  auto logger =
      std::make_shared<spdlog::logger>("access", std::make_shared<BlockSink>());
  spdlog::register_logger(logger);
  static Flusher flusher(logger);
  installed = logger.get();
}

spdlog::logger &AccessLog() {
  return installed ? *installed : *spdlog::default_logger_raw();
}

} // namespace duxing::http
