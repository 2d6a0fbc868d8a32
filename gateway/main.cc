#include "gateway/service.h"

int main(int argc, char** argv) { return xianfu::RunService(xianfu::gateway::Definition(), argc, argv); }
