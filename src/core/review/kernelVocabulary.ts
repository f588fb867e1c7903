/**
 * Abbreviations the kernel uses so widely that spelling them out would be the odd choice. Data, not logic:
 * users extend it with the `vocabulary` option.
 */
export const kernelVocabulary: readonly string[] = [
  // memory management
  'mm', 'pfn', 'pte', 'pmd', 'pud', 'p4d', 'pgd', 'folio', 'folios', 'vma', 'vmas', 'lru', 'thp', 'hugetlb', 'numa',
  'memcg', 'kmem', 'vmalloc', 'kmalloc', 'kfree', 'kzalloc', 'gfp', 'zone', 'mem', 'anon', 'shmem', 'swp', 'tlb', 'mc',
  // synchronisation
  'rcu', 'srcu', 'mutex', 'spinlock', 'rwsem', 'atomic', 'cmpxchg', 'xchg', 'percpu', 'seqlock', 'kref',
  // devices and buses
  'dma', 'irq', 'irqs', 'dev', 'devs', 'pci', 'pcie', 'usb', 'gpio', 'i2c', 'spi', 'mmio', 'iommu', 'clk', 'phy',
  'cxl', 'nvme', 'hw', 'sysfs', 'debugfs', 'procfs', 'ioctl', 'fw', 'regs', 'reg', 'chan', 'dmaengine',
  // data
  'src', 'dst', 'buf', 'bufs', 'len', 'addr', 'ptr', 'desc', 'pkt', 'skb', 'sg', 'sgl', 'sgt', 'mt', 'idx', 'cnt',
  'nr', 'num', 'max', 'min', 'cur', 'prev', 'init', 'exit', 'alloc', 'dealloc', 'attr', 'attrs', 'info', 'param',
  'params', 'arg', 'args', 'val', 'vals', 'tmp', 'str', 'fd', 'id', 'ids', 'uid', 'gid', 'pid', 'tid',
  // code
  'cb', 'ret', 'rc', 'err', 'errno', 'ctx', 'ops', 'fops', 'priv', 'cfg', 'cpu', 'cpus', 'smp', 'os', 'api', 'kthread',
  'wq', 'workqueue', 'ns', 'sched', 'bpf', 'ftrace', 'kprobe', 'perf', 'kvm', 'hv', 'vcpu', 'io', 'fs', 'inode',
  'dentry', 'bio', 'blk', 'mq', 'nvdimm', 'acpi', 'efi', 'uefi', 'amd', 'intel', 'arm', 'x86', 'arm64', 'gpl',
  'spdx', 'kunit', 'ktime', 'jiffies', 'msecs', 'usecs', 'nsecs', 'secs', 'mib', 'kib', 'gib', 'bytes', 'u8', 'u16',
  'u32', 'u64', 's8', 's16', 's32', 's64', 'le', 'be', 'bool', 'struct', 'enum', 'typedef', 'func', 'fn', 'foo',
  'bar', 'lock', 'unlock', 'ok', 'pr', 'printk', 'dbg', 'dbgfs',
  // types and infrastructure
  'loff', 'pgoff', 'ssize', 'umode', 'fmode', 'uintptr', 'intptr', 'ptrdiff', 'phys', 'kuid', 'kgid', 'vmf', 'pgprot',
  'pgtable', 'kobj', 'kobject', 'kset', 'ktype', 'cdev', 'bdev', 'ndev', 'netdev', 'napi', 'sk', 'tcp', 'udp', 'ipv4',
  'ipv6', 'mtu', 'eth', 'vlan', 'hrtimer', 'tasklet', 'softirq', 'hardirq', 'nmi', 'apic', 'msr', 'msi', 'msix', 'ecc',
  'edac', 'mce', 'vfio', 'virtio', 'vhost', 'mmu', 'hmm', 'ksm', 'zswap', 'zram', 'memblock', 'memremap', 'ioremap',
  'devm', 'kfifo', 'idr', 'ida', 'xa', 'xarray', 'llist', 'hlist', 'rb', 'rbtree', 'sysctl', 'uapi', 'refcount', 'kasan',
  'kcsan', 'lockdep', 'rwlock', 'nid', 'pcp', 'lruvec', 'pgdat', 'vmemmap', 'mmap', 'munmap', 'mremap', 'madvise',
  'mprotect', 'kmap', 'kunmap', 'highmem', 'lowmem', 'memcpy', 'memset', 'memmove', 'strlen', 'strcpy', 'strscpy',
  'snprintf', 'sprintf', 'scnprintf', 'kstrtoint', 'kstrtobool', 'kstrtouint', 'kstrtoul', 'sgtable', 'llseek',
  // C keywords and types, which macro arguments (`DEFINE_PER_CPU(int, x)`) turn into identifiers
  'int', 'char', 'long', 'short', 'unsigned', 'signed', 'void', 'const', 'volatile', 'static', 'inline', 'extern',
  'sizeof', 'typeof', 'auto', 'register', 'restrict', 'noinline', 'asm', 'goto', 'uint', 'ulong', 'ushort', 'uchar',
];
