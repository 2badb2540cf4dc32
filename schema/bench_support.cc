// The benchmarks' generated configuration and statistics.
#include "schema/bench_support.h"

#include <algorithm>
#include <utility>

namespace schema::bench {

double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * v.size()))];
}

double median_ms(int runs, const std::function<void()>& f) {
  std::vector<double> t;
  for (int i = 0; i < runs; ++i) {
    auto t0 = Clock::now();
    f();
    t.push_back(ms_since(t0));
  }
  return median(std::move(t));
}

std::string ip(int a, int b, int c, int d) {
  return std::to_string(a) + "." + std::to_string(b) + "." +
         std::to_string(c) + "." + std::to_string(d);
}

std::string static_route(int i) {
  return ip(10 + i / 65536, (i / 256) % 256, i % 256, 0) + "/24";
}

int static_route_count(int lines) { return lines * 60 / 100 / 2; }

std::string generate_set_lines(int lines) {
  std::string out;
  int routes = lines * 60 / 100, bgp = lines * 15 / 100,
      plist = lines * 15 / 100, peers = lines - routes - bgp - plist;
  // Peers pass the IPsec driver's checks: their local-address is eth0's.
  out += "set interfaces ethernet eth0 address '192.0.2.1/24'\n";
  out += "set vpn ipsec ike-group IKE proposal 1 encryption 'aes128'\n";
  out += "set vpn ipsec esp-group ESP proposal 1 encryption 'aes128'\n";
  out += "set vpn ipsec ipsec-interfaces interface 'eth0'\n";
  for (int i = 0; i < peers / 5; ++i) {
    std::string p = "set vpn ipsec site-to-site peer " +
                    ip(198, 18 + i / 65536, (i / 256) % 256, i % 256) + " ";
    out += p + "authentication mode 'pre-shared-secret'\n";
    out += p + "authentication pre-shared-secret 'secret" + std::to_string(i) +
           "'\n";
    out += p + "ike-group 'IKE'\n";
    out += p + "local-address '192.0.2.1'\n";
    out += p + "tunnel 1 esp-group 'ESP'\n";
  }
  for (int i = 0; i < plist / 2; ++i) {
    std::string r = "set policy prefix-list PL" + std::to_string(i / 100) +
                    " rule " + std::to_string(i % 100 + 1) + " ";
    out += r + "action 'permit'\n";
    out += r + "prefix '" + ip(10, i / 256 % 256, i % 256, 0) + "/24'\n";
  }
  for (int i = 0; i < bgp / 3; ++i) {
    std::string n = "set protocols bgp 65000 neighbor " +
                    ip(172, 16 + i / 65536, (i / 256) % 256, i % 256) + " ";
    out += n + "remote-as '" + std::to_string(64512 + i % 1000) + "'\n";
    out += n + "description 'peer " + std::to_string(i) + "'\n";
    out += n + "update-source '192.0.2.1'\n";
  }
  for (int i = 0; i < routes / 2; ++i) {
    std::string r = "set protocols static route " + static_route(i) +
                    " next-hop " + ip(192, 0, 2, 1 + i % 200) + " ";
    out += r + "distance '" + std::to_string(1 + i % 250) + "'\n";
    out += "set protocols static route " + static_route(i) +
           " blackhole distance '250'\n";
  }
  return out;
}

size_t count_nodes(const Node* n) {
  size_t c = 1;
  n->children().for_each([&](const Node* k) { c += count_nodes(k); });
  return c;
}

}  // namespace schema::bench
