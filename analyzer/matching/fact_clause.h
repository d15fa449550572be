// Clauses on a fact of the boot rather than of one event (`fact = "..."`):
// the vocabulary, in one place, and how each is read off SystemFacts.
//   loop_device       the log names a loop device ("loop2: detected capacity change")
//   out_of_tree_code  the boot's taint has O or P, or its module list a module
//                     flagged (O)/(P) ("nvidia(POE)")
#pragma once

#include <string_view>

#include "analyzer/events/system_facts.h"
#include "analyzer/matching/clause_matcher.h"
#include "analyzer/matching/signature.h"

namespace crashsift::matching {

bool IsKnownFact(std::string_view fact);

// Holds when `facts` show the clause's fact; the evidence names what showed it.
ClauseResult EvaluateFact(const Clause& clause, const events::SystemFacts* facts);

}  // namespace crashsift::matching
