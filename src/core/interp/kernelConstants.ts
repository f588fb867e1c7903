/** errno values of the kernel (include/uapi/asm-generic/errno-base.h, errno.h) and their names for `%pe`. */
export const errnoNames: Record<number, string> = {
  1: 'EPERM', 2: 'ENOENT', 3: 'ESRCH', 4: 'EINTR', 5: 'EIO', 6: 'ENXIO', 7: 'E2BIG', 8: 'ENOEXEC', 9: 'EBADF', 10: 'ECHILD',
  11: 'EAGAIN', 12: 'ENOMEM', 13: 'EACCES', 14: 'EFAULT', 16: 'EBUSY', 17: 'EEXIST', 19: 'ENODEV', 22: 'EINVAL',
  24: 'EMFILE', 28: 'ENOSPC', 34: 'ERANGE', 38: 'ENOSYS', 61: 'ENODATA', 75: 'EOVERFLOW', 95: 'EOPNOTSUPP',
  110: 'ETIMEDOUT', 125: 'ECANCELED', 133: 'EHWPOISON', 512: 'ERESTARTSYS', 517: 'EPROBE_DEFER', 524: 'ENOTSUPP',
};

const byName = new Map(Object.entries(errnoNames).map(([n, name]) => [name, BigInt(n)]));

/** Value of a kernel constant the patch uses by name without defining it (errno names, ENOTSUPP…). */
export function kernelConstant(name: string): bigint | undefined {
  return byName.get(name);
}
