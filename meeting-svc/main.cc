#include "meeting-svc/service.h"

int main(int argc, char** argv) { return xianfu::RunService(xianfu::meeting::Definition(), argc, argv); }
