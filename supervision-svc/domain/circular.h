// Circulars (情况通报, SUP-09 art. 57) and the use of results (SUP-13 art. 61, SUP-07 art. 37):
// for a period, each unit's and each leader's tasks due — done on time, done late, overdue,
// pending — and their extensions, with the tasks extended twice or more, or beyond the rules,
// flagged (SUP-15) and a commendation or warning mark from the policy's measures.
#ifndef XIANFU_SUPERVISION_SVC_DOMAIN_CIRCULAR_H_
#define XIANFU_SUPERVISION_SVC_DOMAIN_CIRCULAR_H_

#include <vector>

#include "absl/time/civil_time.h"
#include "common/effects.h"
#include "common/policy.h"
#include "xianfu/supervision/v1/supervision.pb.h"

namespace xianfu::supervision {

namespace v1 = ::xianfu::supervision::v1;

inline constexpr char kCircularTimer[] = "circular.period";

// The circular of [start, end] counted as of `env.today` from `tasks`: the figures count those due
// in the period; tasks extended twice or more, or beyond the limit, are flagged when due or
// extended in the period (others are ignored). Units and leaders are sorted by name; the CSV carries them all.
v1::Circular ComposeCircular(absl::CivilDay start, absl::CivilDay end, const std::vector<v1::Task>& tasks,
                             const Env& env);

}  // namespace xianfu::supervision

#endif  // XIANFU_SUPERVISION_SVC_DOMAIN_CIRCULAR_H_
