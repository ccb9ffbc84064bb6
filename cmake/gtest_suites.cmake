# Registers one CTest test per GoogleTest suite of a test executable (run by seatshift_gtest_suites
# after each build of it, like gtest_discover_tests, which registers one per test case). A test
# process costs about half a second before its first test (a sanitized executable maps and
# relocates itself, GoogleTest registers every test): one per suite instead of one per case
# saves that for ~800 of the ~950 cases. A failure still names its test case in the output.
#
#   cmake -D TEST_EXECUTABLE=... -D CTEST_FILE=... -D PREFIX=pg. -D ENVIRONMENT=K=V
#         -D FIXTURES=contract -D TIMEOUT=600 [-D EXCLUDE=regex] -P gtest_suites.cmake
#
# EXCLUDE: suites (a regular expression over their names) not registered in this pass.
execute_process(COMMAND "${TEST_EXECUTABLE}" --gtest_list_tests
                OUTPUT_VARIABLE listing RESULT_VARIABLE listed TIMEOUT 60)
if(NOT listed EQUAL 0)
  message(FATAL_ERROR "${TEST_EXECUTABLE} --gtest_list_tests failed (${listed}):\n${listing}")
endif()
string(REPLACE "\n" ";" lines "${listing}")
set(suites "")
foreach(line IN LISTS lines)
  # A suite line is not indented and ends with '.', perhaps followed by "  # TypeParam = ...";
  # "Backends/StoreTest." is a value-parameterised suite's instantiation.
  if(line MATCHES "^([A-Za-z0-9_/]+)\\.( |$)")
    list(APPEND suites "${CMAKE_MATCH_1}")
  endif()
endforeach()
list(REMOVE_DUPLICATES suites)
if(EXCLUDE)
  list(FILTER suites EXCLUDE REGEX "${EXCLUDE}")
endif()

set(script "")
foreach(suite IN LISTS suites)
  set(name "${PREFIX}${suite}")
  string(APPEND script
    "add_test([=[${name}]=] [=[${TEST_EXECUTABLE}]=] [=[--gtest_filter=${suite}.*]=])\n"
    "set_tests_properties([=[${name}]=] PROPERTIES TIMEOUT ${TIMEOUT}")
  if(ENVIRONMENT)
    string(APPEND script " ENVIRONMENT [=[${ENVIRONMENT}]=]")
  endif()
  if(FIXTURES)
    string(APPEND script " FIXTURES_REQUIRED [=[${FIXTURES}]=]")
  endif()
  string(APPEND script ")\n")
endforeach()
file(WRITE "${CTEST_FILE}" "${script}")
