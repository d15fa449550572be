# Issue 12, defect 6: crashsift installed to any prefix finds its signature
# library relative to its own executable, from any working directory, with the
# source and build trees out of its search (no absolute path compiled in), also
# after the installed tree is moved; without the library it is an error.
#   cmake -DBUILD=<build dir> -DPREFIX=<scratch prefix> -DSAMPLE=<log>
#         -DSIGNATURE=<id the sample matches> -P install_test.cmake
foreach(var BUILD PREFIX SAMPLE SIGNATURE)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "install_test: -D${var}=... is required")
  endif()
endforeach()

file(REMOVE_RECURSE "${PREFIX}" "${PREFIX}-moved" "${PREFIX}-work")
execute_process(COMMAND ${CMAKE_COMMAND} --install "${BUILD}" --prefix "${PREFIX}"
  RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cmake --install failed: ${rc}")
endif()
# The sample is copied out, so nothing is read from the source tree.
file(MAKE_DIRECTORY "${PREFIX}-work")
configure_file("${SAMPLE}" "${PREFIX}-work/console.log" COPYONLY)

function(run_installed prefix expect_rc expect_text)
  execute_process(
    COMMAND env -u CRASHSIFT_SIGNATURES "${prefix}/bin/crashsift" analyze console.log
    WORKING_DIRECTORY "${PREFIX}-work"
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL ${expect_rc})
    message(FATAL_ERROR "${prefix}/bin/crashsift: exit ${rc}, expected ${expect_rc}\n${out}${err}")
  endif()
  string(FIND "${out}${err}" "${expect_text}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "${prefix}/bin/crashsift: no '${expect_text}' in:\n${out}${err}")
  endif()
endfunction()

run_installed("${PREFIX}" 0 "signature:  ${SIGNATURE}")
file(RENAME "${PREFIX}" "${PREFIX}-moved")
run_installed("${PREFIX}-moved" 0 "signature:  ${SIGNATURE}")
file(REMOVE_RECURSE "${PREFIX}-moved/share/crashsift/signatures")
run_installed("${PREFIX}-moved" 1 "no signature library here")
file(MAKE_DIRECTORY "${PREFIX}-moved/share/crashsift/signatures")
run_installed("${PREFIX}-moved" 1 "the signature library is empty")
file(REMOVE_RECURSE "${PREFIX}-moved" "${PREFIX}-work")
