#pragma once

#include <functional>
#include <vector>

namespace infrastage::http {

// A frontend's "maxconn": client connections open at once over one or more listeners. At the
// limit the listeners stop taking connections, which wait in the kernel's accept queue (as
// HAProxy's do) until an open one closes.
class ConnectionLimit final {
public:
    explicit ConnectionLimit(int max)
        : m_max(max) {}

    int max() const { return m_max; }
    int open() const { return m_open; }
    bool full() const { return m_max > 0 && m_open >= m_max; }
    // A listener that took a connection counts it; the one that fills the limit says so.
    void acquire();
    // A counted connection closed; listeners holding connections back take the next one.
    void release();
    // `take` runs when a slot frees (listeners register once).
    void addListener(std::function<void()> take) { m_listeners.push_back(std::move(take)); }
    // Runs with true when the limit is reached and with false when connections are taken again.
    void setObserver(std::function<void(bool full)> observer) { m_observer = std::move(observer); }

private:
    int m_max;
    int m_open = 0;
    bool m_reportedFull = false;
    std::vector<std::function<void()>> m_listeners;
    std::function<void(bool)> m_observer;
};

} // namespace infrastage::http
