// ASSIGN_OR_RETURN(x, expr): evaluates an absl::StatusOr expression, returns its status from
// the enclosing function when it is an error, otherwise binds `x` to the value.
#ifndef XIANFU_COMMON_STATUS_MACROS_H_
#define XIANFU_COMMON_STATUS_MACROS_H_

#define XIANFU_CONCAT_INNER(a, b) a##b
#define XIANFU_CONCAT(a, b) XIANFU_CONCAT_INNER(a, b)

#define ASSIGN_OR_RETURN(lhs, expr)                                             \
  auto XIANFU_CONCAT(lhs, _or_) = (expr);                                       \
  if (!XIANFU_CONCAT(lhs, _or_).ok()) return XIANFU_CONCAT(lhs, _or_).status(); \
  auto& lhs = *XIANFU_CONCAT(lhs, _or_)

#define RETURN_IF_ERROR(expr)                        \
  do {                                               \
    absl::Status xianfu_status_ = (expr);            \
    if (!xianfu_status_.ok()) return xianfu_status_; \
  } while (0)

#endif  // XIANFU_COMMON_STATUS_MACROS_H_
