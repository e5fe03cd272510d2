// Temporary files for tests that build an input with a library that only
// writes files (minizip's zip writer).
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>

namespace duxing::test {

// The path of a new, empty file in GoogleTest's temp directory.
inline std::string NewTempFile(const std::string& stem) {
  std::string path = ::testing::TempDir() + "/" + stem + "_XXXXXX";
  int fd = ::mkstemp(path.data());
  EXPECT_GE(fd, 0) << path;
  if (fd >= 0) ::close(fd);
  return path;
}

// The bytes of the file at `path`, which is removed.
inline std::string TakeFileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)),
                    std::istreambuf_iterator<char>());
  ::unlink(path.c_str());
  return bytes;
}

}  // namespace duxing::test
