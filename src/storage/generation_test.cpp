// GenerationCache: a byte budget, least recently used evicted first.
#include "storage/generation.hpp"

#include <gtest/gtest.h>

namespace duxing::storage {
namespace {

// Values are strings charged by their length; keys are one byte.
GenerationCache<std::string> StringCache(size_t max_bytes) {
  return GenerationCache<std::string>([](const std::string& v) { return v.size(); }, max_bytes);
}

bool Has(GenerationCache<std::string>& cache, const std::string& key, int64_t generation = 1) {
  std::string out;
  return cache.Get(key, generation, out);
}

TEST(GenerationCacheTest, InsertingPastTheByteBudgetEvictsTheLeastRecentlyUsed) {
  auto cache = StringCache(1000);
  cache.Put("a", 1, std::string(399, 'a'));  // 400 bytes with its key
  cache.Put("b", 1, std::string(399, 'b'));
  EXPECT_EQ(cache.bytes(), 800u);
  EXPECT_TRUE(Has(cache, "a"));  // a is now more recently used than b
  cache.Put("c", 1, std::string(399, 'c'));  // 1,200 > 1,000: b goes
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_EQ(cache.bytes(), 800u);
  EXPECT_TRUE(Has(cache, "a"));
  EXPECT_FALSE(Has(cache, "b"));
  EXPECT_TRUE(Has(cache, "c"));
}

TEST(GenerationCacheTest, ManyEntriesStayWithinTheBudget) {
  auto cache = StringCache(10'000);
  for (int i = 0; i < 1000; ++i) cache.Put("k" + std::to_string(i), 1, std::string(500, 'x'));
  EXPECT_LE(cache.bytes(), 10'000u);
  EXPECT_EQ(cache.size(), 19u);  // 19 entries of 503-504 bytes fit
  EXPECT_TRUE(Has(cache, "k999"));
  EXPECT_FALSE(Has(cache, "k0"));
}

TEST(GenerationCacheTest, AValueLargerThanTheBudgetIsNotKept) {
  auto cache = StringCache(100);
  cache.Put("small", 1, "x");
  cache.Put("big", 1, std::string(200, 'y'));
  EXPECT_FALSE(Has(cache, "big"));
  EXPECT_TRUE(Has(cache, "small"));
  // Replacing a kept value with one too large drops the old one too.
  cache.Put("small", 2, std::string(200, 'z'));
  EXPECT_FALSE(Has(cache, "small", 1));
  EXPECT_EQ(cache.bytes(), 0u);
}

TEST(GenerationCacheTest, ReplacingAKeyRechargesIt) {
  auto cache = StringCache(1000);
  cache.Put("a", 1, std::string(99, 'a'));
  cache.Put("a", 2, std::string(9, 'a'));
  EXPECT_EQ(cache.bytes(), 10u);
  EXPECT_FALSE(Has(cache, "a", 1));  // an older generation is a miss
  EXPECT_TRUE(Has(cache, "a", 2));
}

}  // namespace
}  // namespace duxing::storage
