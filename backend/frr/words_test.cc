// Tests of FRR configuration lines as words.
#include "backend/frr/words.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace backend::frr {
namespace {

using Words = std::vector<std::string>;

TEST_CASE("words_of splits on any run of blanks and drops the indent") {
  CHECK(words_of(" neighbor 192.0.2.1  remote-as\t64512") ==
        Words{"neighbor", "192.0.2.1", "remote-as", "64512"});
  CHECK(words_of("exit") == Words{"exit"});
  CHECK(words_of("").empty());
  CHECK(words_of("   ").empty());
}

TEST_CASE("join_from joins a tail with one blank") {
  Words w = words_of(" description  two   blanks");
  CHECK(join_from(w, 0) == "description two blanks");
  CHECK(join_from(w, 1) == "two blanks");
  CHECK(join_from(w, 2) == "blanks");
  CHECK(join_from(w, 3).empty());
  CHECK(join_from(w, 9).empty());
  CHECK(join_from({}, 0).empty());
}

}  // namespace
}  // namespace backend::frr
