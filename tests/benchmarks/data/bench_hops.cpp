// The floor under the semi-sync cost: the message pattern of one single-connection write with no
// work in it. A client sends one byte to process A and waits for its answer; in "async" A
// answers at once (one round trip, as the primary answers after its commit), in "semi-sync" A
// first sends a byte to process B and waits for B's (a nested round trip, as the primary waits
// for the replica's acknowledgement). Three processes, blocking TCP over loopback, TCP_NODELAY,
// as the db role's client, primary and replica I/O thread. Prints the round trips per second of
// both and what the nested one costs: no server doing real work can cost less than that. A
// third variant hands the byte for B to a thread of A's that sends it (condition variable), as
// the primary hands its replication stream to its sender thread (StreamSender).
//   bench_hops [SECONDS]
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <thread>

namespace {

int listenLoopback(int *port) {
    const int s = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (::bind(s, reinterpret_cast<sockaddr *>(&a), sizeof a) != 0 || ::listen(s, 4) != 0 ||
        ::getsockname(s, reinterpret_cast<sockaddr *>(&a), &len) != 0) {
        std::perror("listen");
        std::exit(1);
    }
    *port = ntohs(a.sin_port);
    return s;
}

int noDelay(int fd) {
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

int connectLoopback(int port) {
    const int s = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(uint16_t(port));
    if (::connect(s, reinterpret_cast<sockaddr *>(&a), sizeof a) != 0) {
        std::perror("connect");
        std::exit(1);
    }
    return noDelay(s);
}

int acceptOne(int listener) {
    const int fd = noDelay(::accept(listener, nullptr, nullptr));
    ::close(listener);
    return fd;
}

bool exchange(int fd) { // one byte there, one back
    char c = 'x';
    return ::send(fd, &c, 1, 0) == 1 && ::recv(fd, &c, 1, 0) == 1;
}

// B: answers every byte (the replica's I/O thread acknowledging).
void runB(int listener) {
    const int fd = acceptOne(listener);
    char c;
    while (::recv(fd, &c, 1, 0) == 1 && ::send(fd, &c, 1, 0) == 1) {
    }
    std::_Exit(0);
}

enum class Pattern { One, Nested, NestedViaThread };

// A: answers every byte of the client's, after a round trip to B unless Pattern::One.
void runA(int listener, int bPort, Pattern pattern) {
    const int b = pattern != Pattern::One ? connectLoopback(bPort) : -1;
    const int fd = acceptOne(listener);
    std::mutex m;
    std::condition_variable wake;
    bool due = false;
    if (pattern == Pattern::NestedViaThread) {
        std::thread([&] {
            char c = 'x';
            for (;;) {
                std::unique_lock<std::mutex> lock(m);
                wake.wait(lock, [&] { return due; });
                due = false;
                lock.unlock();
                if (::send(b, &c, 1, 0) != 1)
                    std::_Exit(0);
            }
        }).detach();
    }
    char c;
    while (::recv(fd, &c, 1, 0) == 1) {
        if (pattern == Pattern::Nested && !exchange(b))
            break;
        if (pattern == Pattern::NestedViaThread) {
            {
                std::lock_guard<std::mutex> lock(m);
                due = true;
            }
            wake.notify_one();
            if (::recv(b, &c, 1, 0) != 1)
                break;
        }
        if (::send(fd, &c, 1, 0) != 1)
            break;
    }
    std::_Exit(0);
}

double roundTripsPerSecond(Pattern pattern, double seconds) {
    int aPort = 0, bPort = 0;
    const int aListener = listenLoopback(&aPort);
    const int bListener = listenLoopback(&bPort);
    const pid_t b = ::fork();
    if (b == 0)
        runB(bListener);
    const pid_t a = ::fork();
    if (a == 0)
        runA(aListener, bPort, pattern);
    ::close(aListener);
    ::close(bListener);
    const int fd = connectLoopback(aPort);
    if (pattern == Pattern::One) { // B waits for a connection that never comes: let it go
        const int unused = connectLoopback(bPort);
        ::close(unused);
    }
    using Clock = std::chrono::steady_clock;
    for (int i = 0; i < 1000; ++i) // warm-up
        exchange(fd);
    const auto start = Clock::now();
    long n = 0;
    double elapsed = 0;
    while (elapsed < seconds) {
        for (int i = 0; i < 100; ++i)
            n += exchange(fd) ? 1 : 0;
        elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    }
    ::close(fd);
    ::waitpid(a, nullptr, 0);
    ::waitpid(b, nullptr, 0);
    return double(n) / elapsed;
}

} // namespace

int main(int argc, char **argv) {
    const double seconds = argc > 1 ? std::atof(argv[1]) : 3.0;
    for (int round = 1; round <= 3; ++round) {
        const double one = roundTripsPerSecond(Pattern::One, seconds);
        const double two = roundTripsPerSecond(Pattern::Nested, seconds);
        const double via = roundTripsPerSecond(Pattern::NestedViaThread, seconds);
        std::printf("round %d: one round trip %.0f/s (%.1f us); nested %.0f/s (%.1f us), costs "
                    "%.0f %%; nested via a thread %.0f/s (%.1f us), costs %.0f %%\n",
                    round, one, 1e6 / one, two, 1e6 / two, 100.0 * (1.0 - two / one), via,
                    1e6 / via, 100.0 * (1.0 - via / one));
        std::fflush(stdout);
    }
    return 0;
}
