# Keeps the worked example of signatures/README.md honest: the first ```toml
# block of its "Write one in ten minutes" section is written to a fresh
# signature folder and must pass `crashsift signatures lint` and
# `crashsift signatures test`, and `crashsift analyze` must report it on its
# first [tests] match sample. Run by ctest:
#   cmake -DCRASHSIFT=<binary> -DREADME=<signatures/README.md> -DCORPUS=<corpus>
#         -DWORK=<scratch dir> -P readme_example_test.cmake
foreach(var CRASHSIFT README CORPUS WORK)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "readme_example_test: -D${var}=... is required")
  endif()
endforeach()

file(READ "${README}" text)
string(FIND "${text}" "## Write one in ten minutes" section)
if(section EQUAL -1)
  message(FATAL_ERROR "${README}: no '## Write one in ten minutes' section")
endif()
string(SUBSTRING "${text}" ${section} -1 text)
string(FIND "${text}" "```toml\n" start)
if(start EQUAL -1)
  message(FATAL_ERROR "${README}: no ```toml block in the worked example")
endif()
math(EXPR start "${start} + 8")
string(SUBSTRING "${text}" ${start} -1 text)
string(FIND "${text}" "\n```" stop)
string(SUBSTRING "${text}" 0 ${stop} example)

string(REGEX MATCH "(^|\n)id = \"([a-z0-9-]+)\"" _ "${example}")
set(id "${CMAKE_MATCH_2}")
if(id STREQUAL "")
  message(FATAL_ERROR "${README}: the worked example has no id = \"...\" line")
endif()
string(REGEX MATCH "match = \\[\"([^\"]+)\"" _ "${example}")
set(sample "${CMAKE_MATCH_1}")
if(sample STREQUAL "")
  message(FATAL_ERROR "${README}: the worked example lists no [tests] match sample")
endif()

file(REMOVE_RECURSE "${WORK}")
file(WRITE "${WORK}/example/${id}.toml" "${example}\n")

function(run expect_text)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  list(JOIN ARGN " " command)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "README example: '${command}' exited ${rc}\n${out}\n${err}")
  endif()
  string(FIND "${out}" "${expect_text}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "README example: '${command}' did not print '${expect_text}'\n${out}\n${err}")
  endif()
  message(STATUS "${out}")
endfunction()

run("1 signature files, 0 errors"
    "${CRASHSIFT}" signatures lint --signatures "${WORK}" --corpus "${CORPUS}")
run(" 0 failed" "${CRASHSIFT}" signatures test --signatures "${WORK}" --corpus "${CORPUS}")
run("signature:  ${id}" "${CRASHSIFT}" analyze --signatures "${WORK}" "${CORPUS}/${sample}")
