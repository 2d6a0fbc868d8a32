// document-svc's unit tests use the shared domain fixture (common/tests/domain_fixture.h).
#ifndef XIANFU_DOCUMENT_SVC_TESTS_DOMAIN_FIXTURE_H_
#define XIANFU_DOCUMENT_SVC_TESTS_DOMAIN_FIXTURE_H_

#include "common/tests/domain_fixture.h"

namespace xianfu::document {

using testing::At;
using testing::Cal;
using testing::CalendarPtr;
using testing::EnvAt;
using testing::Mengla;
using testing::Rule;
using testing::TestNames;

}  // namespace xianfu::document

#endif  // XIANFU_DOCUMENT_SVC_TESTS_DOMAIN_FIXTURE_H_
