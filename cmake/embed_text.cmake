# Writes INPUT's bytes into OUTPUT as a C++ string_view, for data compiled into the binary.
file(READ ${INPUT} content HEX)
string(LENGTH "${content}" hex_length)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${content}")
file(WRITE ${OUTPUT} "// Generated from ${INPUT} by cmake/embed_text.cmake; do not edit.\n"
  "#include <string_view>\n"
  "namespace ${NAMESPACE} {\n"
  "namespace { constexpr char kBytes[] = {${bytes} 0}; }\n"
  "extern const std::string_view ${NAME}{kBytes, sizeof(kBytes) - 1};\n"
  "}  // namespace ${NAMESPACE}\n")
