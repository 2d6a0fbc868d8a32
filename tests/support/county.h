// The county as the end-to-end tests meet it: personnel-svc, document-svc, meeting-svc and
// supervision-svc, each on a database of its own, on the test clock, with fixture F-1 imported (valid from 2026-01-01).
#ifndef XIANFU_TESTS_SUPPORT_COUNTY_H_
#define XIANFU_TESTS_SUPPORT_COUNTY_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "google/protobuf/message.h"
#include "tests/support/test_env.h"

namespace xianfu::testing {

class County {
 public:
  // Starts the services at `clock` (a --test_fake_clock value) and imports F-1.
  explicit County(const std::string& clock = "2026-03-02T09:00:00+08:00");
  ~County();

  ServiceProcess& personnel() { return *personnel_; }
  ServiceProcess& document() { return *document_; }
  ServiceProcess& meeting() { return *meeting_; }
  ServiceProcess& supervision() { return *supervision_; }
  const TestDatabase& personnel_db() const { return personnel_db_; }
  const TestDatabase& document_db() const { return document_db_; }
  const TestDatabase& meeting_db() const { return meeting_db_; }
  const TestDatabase& supervision_db() const { return supervision_db_; }
  const TestAuth& auth() const { return auth_; }

  // A bearer token for an official ("li-wen"), an administrator or a system client.
  std::string Official(const std::string& id) const { return auth_.Token("officials/" + id); }
  std::string Admin(AdminRole role) const;
  std::string Client(const std::string& id, const std::string& on_behalf_of = "") const {
    return auth_.Token("clients/" + id, AdminRole::kNone, on_behalf_of);
  }

  // Starts another supervision-svc on the same database (a second replica; its clock follows
  // SetClock). Returns it, owned by the county.
  ServiceProcess& AddSupervisionReplica();
  // Stops supervision-svc (SIGKILL: a crash mid-feed) and starts it again on the same database.
  void RestartSupervision();

  // Moves every service's clock.
  void SetClock(absl::Time t);

  // supervision-svc reads its calendars from a directory of its own, checked every second: a test
  // puts a notice's file there (`source`, saved as `name`) or takes it away again.
  void AddCalendarFile(const std::string& source, const std::string& name);
  void RemoveCalendarFile(const std::string& name);

  // Rows of a table in a service's database (what a test checks was not written).
  int64_t Count(const TestDatabase& db, const std::string& table) const;

  // Calls `method` ("xianfu.personnel.v1.PersonnelService.CreateAbsence") on `process` as the
  // bearer of `token`, with the request written in protobuf text format (a fresh request_id is
  // added when the request has one and the text sets none). The response, when wanted, comes back
  // as the method's output type.
  grpc::Status Call(ServiceProcess& process, const std::string& method, const std::string& token,
                    const std::string& request_text, std::unique_ptr<google::protobuf::Message>* response = nullptr);

 private:
  TestAuth auth_;
  TestDatabase personnel_db_, document_db_, meeting_db_, supervision_db_;
  std::unique_ptr<ServiceProcess> personnel_, document_, meeting_, supervision_;
  std::vector<std::string> supervision_args_;
  std::string calendar_dir_;
  std::vector<std::unique_ptr<ServiceProcess>> replicas_;
  absl::Time clock_;
};

}  // namespace xianfu::testing

#endif  // XIANFU_TESTS_SUPPORT_COUNTY_H_
