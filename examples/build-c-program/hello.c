#include <stdio.h>
#include <unistd.h>

int main(void) {
    printf("hello from a compiled C program, running as uid %d\n", (int)getuid());
    return 0;
}
