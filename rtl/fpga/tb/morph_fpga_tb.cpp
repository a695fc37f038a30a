// Board testbench (docs/fpga.md "Simulation"): clocks morph_fpga_top, the RTL or the
// synthesized netlist (the same ports), with behavioural models of the board's parts: the
// asynchronous SRAM, the SPI flash holding the CMS image at the board's flash offset, and the
// UART, whose other end is a pseudo-terminal that `morph host --serial` opens.
//
//   morph-fpga-tb +flash=build/fw/cms.img [+flash_offset=N (FPGA_FLASH_IMAGE)] [+max_cycles=N] [+quiet]
//
// Prints "morph: link on /dev/pts/N" to stderr, runs until the host closes the link (after the
// guest's exit) or max_cycles, then prints the board cycles. Exit status: 0, or 1 with a message
// (the board's error light, a cycle limit, a bad argument).
#include "Vmorph_fpga_top.h"
#include "morph_facts.h"
#include "verilated.h"
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <string>
#include <termios.h>
#include <unistd.h>
#include <vector>


static const char *plusarg(int argc, char **argv, const char *name)
{
    size_t n = strlen(name);
    for (int i = 1; i < argc; i++)
        if (argv[i][0] == '+' && !strncmp(argv[i] + 1, name, n) && argv[i][1 + n] == '=') return argv[i] + 2 + n;
    return nullptr;
}

// SPI flash: Dual Output Fast Read (0x3B) with a 24-bit address and eight dummy clocks streams
// bytes two bits a clock (IO1 the odd bit, IO0 the even one, MSB first); other commands are
// ignored. IO0 is the board's MOSI until the data phase, then the flash's.
struct Flash {
    std::vector<uint8_t> mem = std::vector<uint8_t>(16u << 20, 0xff);
    int bits = 0, sck = 0, dummy = 0;
    uint32_t shift = 0, addr = 0, out_bit = 0;
    bool reading = false;
    int io0 = 0, io1 = 0;
    void step(int cs_n, int sck_now, int mosi)
    {
        if (cs_n) { bits = 0; dummy = 0; reading = false; sck = sck_now; return; }
        if (sck_now && !sck) { // rising: the flash samples IO0
            if (dummy > 0) {
                if (--dummy == 0) { reading = true; out_bit = 0; }
            } else if (!reading && bits < 32) {
                shift = shift << 1 | (mosi & 1);
                if (++bits == 32 && (shift >> 24) == 0x3b) {
                    dummy = 8;
                    addr = shift & 0xffffff;
                }
            }
        } else if (!sck_now && sck && reading) { // falling: the next two data bits out
            uint8_t b = mem[(addr + out_bit / 8) & 0xffffff];
            io1 = (b >> (7 - out_bit % 8)) & 1;
            io0 = (b >> (6 - out_bit % 8)) & 1;
            out_bit += 2;
        }
        sck = sck_now;
    }
};

int main(int argc, char **argv)
{
    Verilated::commandArgs(argc, argv);
    const char *img = plusarg(argc, argv, "flash");
    const char *off_s = plusarg(argc, argv, "flash_offset");
    const char *max_s = plusarg(argc, argv, "max_cycles");
    bool quiet = false;
    for (int i = 1; i < argc; i++) quiet |= !strcmp(argv[i], "+quiet");
    uint64_t max_cycles = max_s ? strtoull(max_s, nullptr, 0) : 0;
    uint32_t flash_off = off_s ? (uint32_t)strtoul(off_s, nullptr, 0) : FPGA_FLASH_IMAGE;
    if (!img) {
        fprintf(stderr, "morph-fpga-tb: +flash=IMAGE is required (build/fw/cms.img)\n");
        return 1;
    }
    Flash flash;
    FILE *f = fopen(img, "rb");
    if (!f) {
        fprintf(stderr, "morph-fpga-tb: cannot open %s: %s\n", img, strerror(errno));
        return 1;
    }
    size_t n = fread(flash.mem.data() + flash_off, 1, flash.mem.size() - flash_off, f);
    fclose(f);
    if (n == 0) {
        fprintf(stderr, "morph-fpga-tb: %s is empty\n", img);
        return 1;
    }

    // the host's end of the UART
    // (A pty number freed a moment ago can come back while the kernel still removes the old
    // /dev/pts node, which then takes the new one with it: make sure the node is there.)
    int pty = -1;
    for (int tries = 0; tries < 10 && pty < 0; tries++) {
        pty = posix_openpt(O_RDWR | O_NOCTTY);
        if (pty < 0 || grantpt(pty) || unlockpt(pty)) {
            fprintf(stderr, "morph-fpga-tb: no pseudo-terminal: %s\n", strerror(errno));
            return 1;
        }
        usleep(20000);
        if (access(ptsname(pty), F_OK)) {
            close(pty);
            pty = -1;
        }
    }
    if (pty < 0) {
        fprintf(stderr, "morph-fpga-tb: the pseudo-terminal's /dev/pts node keeps vanishing\n");
        return 1;
    }
    struct termios t;
    if (!tcgetattr(pty, &t)) {
        cfmakeraw(&t);
        tcsetattr(pty, TCSANOW, &t);
    }
    fcntl(pty, F_SETFL, fcntl(pty, F_GETFL) | O_NONBLOCK);
    fprintf(stderr, "morph: link on %s\n", ptsname(pty));

    std::vector<uint16_t> sram(1u << FPGA_SRAM_ADDR_BITS, 0);
    Vmorph_fpga_top *top = new Vmorph_fpga_top;
    const int cpb = FPGA_UART_CLKS_PER_BIT;
    // UART toward the board: the bytes waiting, the frame being sent
    std::vector<uint8_t> rxq;
    size_t rxh = 0;
    int rx_bit = -1, rx_cnt = 0;
    uint16_t rx_frame = 0;
    // UART from the board
    int tx_bit = -1, tx_cnt = 0;
    uint8_t tx_byte = 0;
    bool connected = false;
    uint64_t cyc = 0, to_host = 0, from_host = 0, spi_cyc = 0, wait_cyc = 0;
    uint8_t sck_last = 0;
    int status = 0;

    top->clk_i = 0;
    top->uart_rx_i = 1;
    top->eval();
    for (;;) {
        top->clk_i = 1;
        top->eval();
        cyc++;
        // SRAM: writes while WE# is low, reads drive the bus while OE# is low
        uint32_t a = top->sram_a_o & ((1u << FPGA_SRAM_ADDR_BITS) - 1);
        if (!top->sram_ce_no && !top->sram_we_no) {
            uint16_t m = (top->sram_lb_no ? 0 : 0x00ff) | (top->sram_ub_no ? 0 : 0xff00);
            sram[a] = (uint16_t)((sram[a] & ~m) | (top->sram_d_o & m));
        }
        top->sram_d_i = (!top->sram_ce_no && !top->sram_oe_no) ? sram[a] : 0;
        flash.step(top->spi_cs_no, top->spi_sck_o, top->spi_io0_oe_o ? top->spi_io0_o : 1);
        spi_cyc += top->spi_sck_o != sck_last;  // SCK toggles each board cycle while a word shifts
        sck_last = top->spi_sck_o;
        wait_cyc += !top->run_o;
        top->spi_io0_i = top->spi_io0_oe_o ? top->spi_io0_o : flash.io0;
        top->spi_io1_i = flash.io1;
        // UART from the board: find the start bit, sample mid-bit
        if (tx_bit < 0) {
            if (!top->uart_tx_o) { tx_bit = 0; tx_cnt = cpb / 2; }
        } else if (--tx_cnt <= 0) {
            tx_cnt = cpb;
            if (tx_bit >= 1 && tx_bit <= 8) tx_byte = (uint8_t)(tx_byte >> 1 | (top->uart_tx_o ? 0x80 : 0));
            if (++tx_bit == 10) {
                tx_bit = -1;
                to_host++;
                for (;;) {
                    ssize_t w = write(pty, &tx_byte, 1);
                    if (w == 1) break;
                    if (w < 0 && errno != EAGAIN && errno != EINTR) break; // no host: dropped
                    usleep(100);
                }
            }
        }
        // UART toward the board: the next frame when idle
        if (rx_bit < 0) {
            if (rxh == rxq.size() && (cyc & 255) == 0) {
                rxq.clear();
                rxh = 0;
                uint8_t buf[4096];
                ssize_t r = read(pty, buf, sizeof buf);
                if (r > 0) {
                    rxq.assign(buf, buf + r);
                    connected = true;
                } else if (r < 0 && errno == EIO && connected) {
                    break; // the host closed the link
                }
            }
            if (rxh < rxq.size()) {
                rx_frame = (uint16_t)(0x200 | rxq[rxh++] << 1);
                rx_bit = 0;
                rx_cnt = cpb;
                from_host++;
            }
        }
        if (rx_bit >= 0) {
            top->uart_rx_i = (rx_frame >> rx_bit) & 1;
            if (--rx_cnt == 0) {
                rx_cnt = cpb;
                if (++rx_bit == 10) { rx_bit = -1; top->uart_rx_i = 1; }
            }
        }
        top->clk_i = 0;
        top->eval();
        if (max_cycles && cyc >= max_cycles) {
            fprintf(stderr, "morph-fpga-tb: stopped at the cycle limit (%llu board cycles)\n",
                    (unsigned long long)cyc);
            status = 1;
            break;
        }
        if (top->err_o && status == 0) {
            fprintf(stderr, "morph-fpga-tb: the board's error light: RAM accessed outside the SRAM windows\n");
            status = 1;
            if (!top->run_o) break;
        }
    }
    if (!quiet)
        fprintf(stderr, "morph-fpga-tb: %llu board cycles (%llu shifting the flash, %llu serving the "
                "host), %llu bytes to the host, %llu from it\n", (unsigned long long)cyc,
                (unsigned long long)spi_cyc, (unsigned long long)wait_cyc, (unsigned long long)to_host,
                (unsigned long long)from_host);
    top->final();
    delete top;
    close(pty);
    return status;
}
