#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "document-svc/domain/rules.h"

namespace xianfu::document {
std::set<std::string> SearchTerms(absl::string_view text) {
  std::set<std::string> terms;
  // Split into UTF-8 code points; CJK runs give bigrams, ASCII runs give lower-cased words.
  std::vector<std::string> chars;
  std::string word;
  auto flush_word = [&] {
    if (word.size() >= 2) terms.insert(absl::AsciiStrToLower(word));
    word.clear();
  };
  auto flush_cjk = [&] {
    for (size_t i = 0; i + 1 < chars.size(); ++i) terms.insert(chars[i] + chars[i + 1]);
    if (chars.size() == 1) terms.insert(chars[0]);
    chars.clear();
  };
  for (size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    const size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : 4;
    std::string cp(text.substr(i, len));
    i += len;
    if (len == 1) {
      flush_cjk();
      if (absl::ascii_isalnum(c)) {
        word += static_cast<char>(c);
      } else {
        flush_word();
      }
    } else if (len == 3 && cp >= "\xE4\xB8\x80" && cp <= "\xE9\xBF\xBF") {  // U+4E00…U+9FFF
      flush_word();
      chars.push_back(cp);
    } else {
      flush_word();
      flush_cjk();
    }
  }
  flush_word();
  flush_cjk();
  return terms;
}

}  // namespace xianfu::document
