#include "domain/display_text.hpp"

#include <gtest/gtest.h>

namespace seatshift {
namespace {

TEST(DisplayTextTest, AcceptsPrintableTextInAnyScript) {
  for (const char* text : {"Contoso Ltd.", "Büro – 東京", "O'Brien & Söhne", "שלום", "😀 team"}) {
    EXPECT_TRUE(CheckDisplayText("name", text, 200).ok()) << text;
  }
}

TEST(DisplayTextTest, RefusesControlAndBidiCharactersNamingTheField) {
  for (const std::string& text :
       {std::string("a\x01"), std::string("a\x1b[31m"), std::string("a\x7f"), std::string("a\n"),
        std::string("a\xc2\x80"), std::string("a\xc2\x9f"), std::string("a\xe2\x80\x8e"),
        std::string("a\xe2\x80\x8f"), std::string("a\xe2\x80\xaa"),
        std::string("Invoice \xe2\x80\xae"
                    "fdp.exe"),
        std::string("a\xe2\x81\xa6"), std::string("a\xe2\x81\xa9"), std::string("a\xff"),
        std::string("a\xc0\xaf"), std::string("a\xed\xa0\x80"), std::string(""),
        std::string(201, 'a')}) {
    const Status status = CheckDisplayText("friendlyName", text, 200);
    ASSERT_FALSE(status.ok()) << text;
    EXPECT_EQ(status.error().code, ErrorCode::kBadRequest);
    EXPECT_TRUE(status.error().message.starts_with("friendlyName: ")) << status.error().message;
  }
  // Neighbours of the refused ranges are ordinary characters.
  EXPECT_TRUE(CheckDisplayText("n",
                               "a\xc2\xa0"
                               "b\xe2\x80\x90"
                               "c\xe2\x81\xaa",
                               200)
                  .ok());
}

}  // namespace
}  // namespace seatshift
