# cmake -DPYTHON=... -DCHECKER=... -DTABLE=... -DROOT=... -DEXPECTED=... -P expect_violations.cmake
# Runs a structure checker (layers, report markers) on a fixture tree and
# passes only when it fails with exactly the expected violations: a deliberate
# upward (or sideways) include, or a copied report marker, is caught, and
# nothing else is reported.
execute_process(COMMAND ${PYTHON} ${CHECKER} --table ${TABLE} --root ${ROOT}
                RESULT_VARIABLE status OUTPUT_VARIABLE output ERROR_VARIABLE errors)
file(READ ${EXPECTED} expected)
if(status EQUAL 0)
  message(FATAL_ERROR "the checker accepted the deliberate violations of ${ROOT}")
endif()
if(NOT output STREQUAL expected)
  message(FATAL_ERROR "checker output (status ${status}):\n${output}${errors}\nexpected:\n${expected}")
endif()
message(STATUS "rejected as expected:\n${output}")
