# Fails when a source file under DIR (default: the src/ next to this script) includes a project
# header by a relative path: every `#include "..."` there must name a folder of src/ first
# ("service/request_context.hpp"), with no "." or ".." segment. Such an include would be found next to
# the including file rather than through its layer's view (layers/<layer>/ in the build tree),
# so `#include "../service/x.hpp"` or `#include "sqlite/x.hpp"` (from src/store/) would escape
# the layering the views enforce.
#
#   cmake -P cmake/check_includes.cmake                 # checks src/
#   cmake -DDIR=some/tree -P cmake/check_includes.cmake
cmake_minimum_required(VERSION 3.25)
if(NOT DIR)
  set(DIR ${CMAKE_CURRENT_LIST_DIR}/../src)
endif()
get_filename_component(DIR ${DIR} ABSOLUTE)
file(GLOB layer_dirs LIST_DIRECTORIES true RELATIVE ${DIR} ${DIR}/*)
set(layers)
foreach(d IN LISTS layer_dirs)
  if(IS_DIRECTORY ${DIR}/${d})
    list(APPEND layers ${d})
  endif()
endforeach()

file(GLOB_RECURSE files ${DIR}/*.cpp ${DIR}/*.hpp ${DIR}/*.h)
set(bad 0)
foreach(f IN LISTS files)
  file(STRINGS ${f} includes REGEX "^[ \t]*#[ \t]*include[ \t]*\"")
  foreach(line IN LISTS includes)
    string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*\"([^\"]*)\".*" "\\1" path "${line}")
    string(REGEX MATCH "^[^/]*" first "${path}")
    set(why "")
    if(path MATCHES "(^|/)\\.\\.?(/|$)")
      set(why "a . or .. segment")
    elseif(NOT path MATCHES "/")
      set(why "no folder of src/ first")
    elseif(NOT first IN_LIST layers)
      set(why "'${first}' is no folder of src/")
    elseif(NOT EXISTS ${DIR}/${path})
      set(why "no such file under src/")
    endif()
    if(why)
      file(RELATIVE_PATH rel ${DIR} ${f})
      message("${rel}: #include \"${path}\": ${why}")
      math(EXPR bad "${bad} + 1")
    endif()
  endforeach()
endforeach()
if(bad GREATER 0)
  message(FATAL_ERROR "${bad} include(s) not of the form \"<folder of src>/...\"")
endif()
list(LENGTH files n)
message("${n} files, every project include names a folder of src/ first")
