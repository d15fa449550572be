# Runs `crashsift ARGS...` and checks that it exits 0 and prints every one of
# EXPECT's strings (separated by '|'). Used by ctest for the explain/affected
# output of the signature engine as a user sees it, in text and JSON:
#   cmake -DCRASHSIFT=<binary> "-DARGS=analyze;--explain;FILE" "-DEXPECT=a|b" -P cli_expect_test.cmake
foreach(var CRASHSIFT ARGS EXPECT)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "cli_expect_test: -D${var}=... is required")
  endif()
endforeach()
execute_process(COMMAND "${CRASHSIFT}" ${ARGS} RESULT_VARIABLE rc OUTPUT_VARIABLE out
                ERROR_VARIABLE err)
list(JOIN ARGS " " command)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "'crashsift ${command}' exited ${rc}\n${out}\n${err}")
endif()
string(REPLACE "|" ";" expected "${EXPECT}")
foreach(text IN LISTS expected)
  string(FIND "${out}" "${text}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "'crashsift ${command}' did not print '${text}'\n${out}")
  endif()
endforeach()
