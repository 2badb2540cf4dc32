// backend::frr words: a line of FRR's configuration text as its words.
//
// The models read back what FRR runs (`show running-config`, parse_bgp,
// parse_policy) a line at a time. FRR separates words by blanks and indents
// the lines of a context, so a line is compared and taken apart as its
// words: words_of() splits it, join_from() puts a tail of it back together
// with one blank between words (a description, an as-path regex, the
// canonical text of the whole line).
//
// Thread-safety: pure functions.
#ifndef ROUTESH_BACKEND_FRR_WORDS_H_
#define ROUTESH_BACKEND_FRR_WORDS_H_

#include <cstddef>
#include <string>
#include <vector>

namespace backend::frr {

// The blank-separated words of `line`; none for a blank line.
std::vector<std::string> words_of(const std::string& line);

// Words [from, end) of w joined by one blank; "" if from >= w.size().
std::string join_from(const std::vector<std::string>& w, size_t from);

}  // namespace backend::frr

#endif  // ROUTESH_BACKEND_FRR_WORDS_H_
