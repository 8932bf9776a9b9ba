#pragma once

#include <QByteArray>

#include <atomic>
#include <thread>

// A deliberately broken HTTP server on its own thread (the test thread blocks in its client):
// answers the health check properly and every other request with `reply`, then closes.
class FakeBackend final {
public:
    explicit FakeBackend(QByteArray reply);
    ~FakeBackend();
    int port() const { return m_port; }

private:
    void run();
    QByteArray m_reply;
    int m_listenFd = -1;
    int m_port = 0;
    std::atomic<bool> m_stop{false};
    std::thread m_thread;
};
