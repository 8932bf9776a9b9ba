#include "fakebackend.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

FakeBackend::FakeBackend(QByteArray reply)
    : m_reply(std::move(reply)) {
    m_listenFd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(m_listenFd, reinterpret_cast<sockaddr *>(&a), sizeof a);
    ::listen(m_listenFd, 64);
    socklen_t len = sizeof a;
    ::getsockname(m_listenFd, reinterpret_cast<sockaddr *>(&a), &len);
    m_port = ntohs(a.sin_port);
    m_thread = std::thread([this] { run(); });
}

FakeBackend::~FakeBackend() {
    m_stop = true;
    m_thread.join();
    ::close(m_listenFd);
}

void FakeBackend::run() {
    while (!m_stop) {
        pollfd p{m_listenFd, POLLIN, 0};
        if (::poll(&p, 1, 50) <= 0)
            continue;
        const int fd = ::accept(m_listenFd, nullptr, nullptr);
        if (fd < 0)
            continue;
        QByteArray request;
        char buf[4096];
        while (!request.contains("\r\n\r\n")) {
            pollfd q{fd, POLLIN, 0};
            if (::poll(&q, 1, 2000) <= 0)
                break;
            const ssize_t n = ::read(fd, buf, sizeof buf);
            if (n <= 0)
                break;
            request.append(buf, n);
        }
        const QByteArray answer =
            request.startsWith("GET /health")
                ? QByteArray("HTTP/1.0 200 OK\r\nContent-Length: 3\r\n\r\nOK\n")
                : m_reply;
        [[maybe_unused]] ssize_t w = ::write(fd, answer.constData(), size_t(answer.size()));
        ::close(fd);
    }
}
