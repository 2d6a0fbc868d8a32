#include "personnel-svc/service.h"

int main(int argc, char** argv) { return xianfu::RunService(xianfu::personnel::Definition(), argc, argv); }
